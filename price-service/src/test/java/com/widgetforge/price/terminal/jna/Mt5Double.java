package com.widgetforge.price.terminal.jna;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.price.terminal.ServerClock;
import com.widgetforge.price.terminal.SymbolNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The production bridge (mt5bridge.c, target/native) against the documented MetaTrader5 package's
 * double (src/test/python): the double's terminals, written to the config file its workers read
 * (MT5_DOUBLE_CONFIG, set by the build), each with a fault-control file and a journal of logins.
 */
final class Mt5Double {

  static final String LIBRARY =
      System.getProperty("mt5bridge.library", "target/native/linux-x86_64/libmt5bridge.so");

  static final String PASSWORD = "Investor pass 1";

  /** Where the config, control and journal files live (the build names the config file). */
  private static final Path DIR =
      Path.of(
              Optional.ofNullable(System.getenv("MT5_DOUBLE_CONFIG"))
                  .orElse("target/mt5-double/config.json"))
          .toAbsolutePath()
          .getParent();

  /** One of the double's terminals. */
  record Terminal(String path, long login, String server, String zone, Path control, Path journal) {

    /** Makes the terminal misbehave ({@code {"hang": true}}), or behave again ({@code {}}). */
    void control(String json) {
      write(control, json);
    }

    /** Login attempts the terminal saw so far. */
    List<String> logins() {
      try {
        return Files.exists(journal) ? Files.readAllLines(journal) : List.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Broker-decorated symbols, hidden from Market Watch, on an EET server. */
  static final Terminal BROKER = terminal("Account2", 50012345, "FivePercentOnline-Real", "EET");

  /** A second terminal on another account, to check that terminals stay apart. */
  static final Terminal OTHER = terminal("Account3", 50023456, "FivePercentOnline-Real", "EET");

  private static Terminal terminal(String name, long login, String server, String zone) {
    return new Terminal(
        "C:/MT5Terminals/" + name + "/terminal64.exe",
        login,
        server,
        zone,
        DIR.resolve(name + "-control.json"),
        DIR.resolve(name + "-journal.txt"));
  }

  static {
    Map<String, Object> terminals = new LinkedHashMap<>();
    for (Terminal terminal : List.of(BROKER, OTHER)) {
      terminals.put(
          terminal.path(),
          Map.of(
              "login",
              terminal.login(),
              "password",
              PASSWORD,
              "server",
              terminal.server(),
              "company",
              "Five Percent Online Ltd.",
              "zone",
              terminal.zone(),
              "control",
              terminal.control().toString(),
              "journal",
              terminal.journal().toString(),
              "symbols",
              List.of(
                  Map.of(
                      "name", "EURUSD.raw", "path", "Forex\\Majors\\EURUSD.raw", "visible", false),
                  Map.of("name", "XAUUSD.raw", "path", "Metals\\XAUUSD.raw", "visible", true),
                  Map.of("name", "#US30", "path", "Indices\\#US30", "visible", true),
                  Map.of("name", "BTCUSD", "path", "Crypto\\BTCUSD", "visible", true))));
    }
    try {
      Files.createDirectories(DIR);
      write(
          DIR.resolve("config.json"),
          new ObjectMapper().writeValueAsString(Map.of("terminals", terminals)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Mt5Double() {}

  /** Replaces a file at once, so that a worker never reads half of it. */
  private static void write(Path file, String content) {
    try {
      Path temporary = Files.createTempFile(file.getParent(), "write", ".tmp");
      Files.writeString(temporary, content);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings for {@code terminal} with the given password, symbols and server clock. */
  static JnaQuoteSource.Settings settings(
      Terminal terminal, String password, Optional<List<String>> symbols, ServerClock clock) {
    return new JnaQuoteSource.Settings(
        "double-" + terminal.login(),
        LIBRARY,
        terminal.path(),
        terminal.login(),
        password,
        terminal.server(),
        Duration.ofSeconds(20),
        Duration.ofSeconds(2),
        symbols,
        SymbolNames.automatic(),
        clock,
        Map.of());
  }
}
