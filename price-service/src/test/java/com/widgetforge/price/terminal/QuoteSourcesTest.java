package com.widgetforge.price.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.price.PriceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QuoteSourcesTest {

  /** A terminal's configuration, as SmallRye would map it. */
  private record TestTerminal(
      String adapter,
      Optional<List<String>> symbols,
      Optional<java.nio.file.Path> symbolsFile,
      OptionalLong seed,
      Optional<String> library,
      Optional<String> path,
      OptionalLong login,
      Optional<String> password,
      Optional<String> server,
      Duration connectTimeout)
      implements PriceConfig.Terminal {

    @Override
    public Duration callDeadline() {
      return Duration.ofSeconds(5);
    }

    @Override
    public Optional<String> serverZone() {
      return Optional.empty();
    }

    @Override
    public Optional<List<String>> aliases() {
      return Optional.empty();
    }

    @Override
    public Optional<String> symbolPrefix() {
      return Optional.empty();
    }

    @Override
    public Optional<String> symbolSuffix() {
      return Optional.empty();
    }

    @Override
    public Optional<String> python() {
      return Optional.empty();
    }

    @Override
    public Optional<String> worker() {
      return Optional.empty();
    }

    @Override
    public int priority() {
      return 100;
    }
  }

  private static PriceConfig.Terminal terminal(String adapter, List<String> symbols) {
    return terminal(adapter, symbols, null);
  }

  private static PriceConfig.Terminal terminal(
      String adapter, List<String> symbols, java.nio.file.Path file) {
    return new TestTerminal(
        adapter,
        Optional.ofNullable(symbols),
        Optional.ofNullable(file),
        OptionalLong.of(1),
        Optional.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(10));
  }

  static PriceConfig config(Map<String, PriceConfig.Terminal> terminals, String pin) {
    return new PriceConfig() {
      @Override
      public Duration pollInterval() {
        return Duration.ofMillis(250);
      }

      @Override
      public Optional<Duration> callTimeout() {
        return Optional.empty();
      }

      @Override
      public Duration maxBackoff() {
        return Duration.ofSeconds(30);
      }

      @Override
      public Duration staleAfter() {
        return Duration.ofSeconds(30);
      }

      @Override
      public Duration latestInterval() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Duration dayOpenRefresh() {
        return Duration.ofSeconds(10);
      }

      @Override
      public Optional<String> pinTerminal() {
        return Optional.ofNullable(pin);
      }

      @Override
      public History history() {
        return new History() {
          @Override
          public Duration flushInterval() {
            return Duration.ofSeconds(1);
          }

          @Override
          public Map<String, Duration> retention() {
            return Map.of();
          }

          @Override
          public int backfillBars() {
            return 10;
          }

          @Override
          public int maxPendingBars() {
            return 100;
          }
        };
      }

      @Override
      public Map<String, String> marketHours() {
        return Map.of();
      }

      @Override
      public Map<String, Terminal> terminals() {
        return terminals;
      }
    };
  }

  private static final Map<String, PriceConfig.Terminal> TWO =
      Map.of("t1", terminal("simulated", List.of("EURUSD")), "t2", terminal("simulated", null));

  @Test
  void everyConfiguredTerminalIsPolledByDefault() {
    assertEquals(
        List.of("t1", "t2"),
        QuoteSources.fromConfig(config(TWO, null)).stream().map(QuoteSource::terminalId).toList());
  }

  @Test
  void aPinnedInstancePollsOnlyItsTerminal() {
    List<QuoteSource> sources = QuoteSources.fromConfig(config(TWO, "t2"));
    assertEquals(1, sources.size());
    assertEquals("t2", sources.get(0).terminalId());
    assertTrue(sources.get(0).symbols().size() >= 12, "unset symbols mean the whole catalogue");
  }

  @Test
  void pinningAnUnknownTerminalNamesTheKnownOnes() {
    String message =
        assertThrows(
                IllegalArgumentException.class, () -> QuoteSources.fromConfig(config(TWO, "t3")))
            .getMessage();
    assertTrue(message.contains("t3") && message.contains("[t1, t2]"), message);
  }

  @Test
  void anUnknownAdapterIsAConfigurationError() {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    QuoteSources.fromConfig(
                        config(Map.of("x", terminal("carrier-pigeon", null)), null)))
            .getMessage();
    assertTrue(message.contains("price.terminals.x.adapter"), message);
  }

  @Test
  void anUnknownSymbolNamesTheTerminalsKey() {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    QuoteSources.fromConfig(
                        config(Map.of("x", terminal("simulated", List.of("NOPE"))), null)))
            .getMessage();
    assertTrue(message.startsWith("price.terminals.x.symbols"), message);
  }

  @Test
  void theOldPollersSymbolListCanBeTheSymbolSource() throws Exception {
    java.nio.file.Path legacy =
        java.nio.file.Path.of(getClass().getResource("/legacy/symbols.txt").toURI());
    List<QuoteSource> sources =
        QuoteSources.fromConfig(config(Map.of("old", terminal("simulated", null, legacy)), null));
    assertEquals(
        List.of(
            "EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCAD", "USDCHF", "XAUUSD", "XAGUSD", "USOIL",
            "US30", "NAS100", "SPX500", "GER40", "BTCUSD", "ETHUSD"),
        sources.get(0).symbols().stream().map(SymbolInfo::name).toList());
  }

  @Test
  void aSymbolListWithGarbageNamesTheLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("symbols.txt");
    java.nio.file.Files.writeString(file, "# ok\nEURUSD\n\nXAU USD\n");
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    QuoteSources.fromConfig(
                        config(Map.of("old", terminal("simulated", null, file)), null)))
            .getMessage();
    assertTrue(message.contains("line 4"), message);
  }

  @Test
  void symbolsAndASymbolFileTogetherAreAConfigurationError(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    QuoteSources.fromConfig(
                        config(
                            Map.of(
                                "x",
                                terminal("simulated", List.of("EURUSD"), dir.resolve("s.txt"))),
                            null)))
            .getMessage();
    assertTrue(message.contains("not both"), message);
  }

  @Test
  void aJnaTerminalWithoutAPasswordNamesTheKeyAndTheVariable() {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> QuoteSources.fromConfig(config(Map.of("mt5-a", terminal("jna", null)), null)))
            .getMessage();
    assertTrue(message.contains("price.terminals.mt5-a.library is required"), message);
  }

  @Test
  void aJnaTerminalWhoseLibraryCannotLoadIsAConfigurationError() {
    PriceConfig.Terminal jna =
        new TestTerminal(
            "jna",
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            Optional.of("/nonexistent/libmt5bridge.so"),
            Optional.empty(),
            OptionalLong.of(7),
            Optional.of("investor"),
            Optional.of("Broker-Live"),
            Duration.ofSeconds(1));
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> QuoteSources.fromConfig(config(Map.of("mt5-a", jna), null)))
            .getMessage();
    assertTrue(message.startsWith("price.terminals.mt5-a.library: cannot load"), message);
    assertFalse(message.contains("investor"), message);
  }

  @Test
  void anInstanceWithEveryTerminalOffOnlyServesTheApis() {
    assertEquals(List.of(), QuoteSources.fromConfig(config(Map.of(), null)));
    assertEquals(
        List.of("t1"),
        QuoteSources.fromConfig(
                config(
                    Map.of("t1", terminal("simulated", null), "t2", terminal("off", null)), null))
            .stream()
            .map(QuoteSource::terminalId)
            .toList());
  }

  @Test
  void terminalVariablesThatNameNoConfiguredTerminalAreFound() {
    assertEquals(
        List.of("PRICE_TERMINALS_MT5_B_ADAPTER"),
        QuoteSources.unplacedVariables(
            Map.of(
                "PRICE_TERMINALS_SIM_1_SEED", "7",
                "PRICE_TERMINALS_ACCOUNT2_LOGIN", "1",
                "PRICE_TERMINALS_MT5_B_ADAPTER", "jna",
                "PRICE_POLL_INTERVAL", "1s"),
            java.util.Set.of("sim-1", "account2")));
  }
}
