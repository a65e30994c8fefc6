package com.widgetforge.price.terminal;

import com.widgetforge.price.PriceConfig;
import com.widgetforge.price.market.MarketHours;
import com.widgetforge.price.terminal.jna.JnaQuoteSource;
import com.widgetforge.price.terminal.simulated.SimulatedQuoteSource;
import com.widgetforge.price.terminal.simulated.SymbolCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/** Builds the quote sources of the terminals this instance polls, from configuration. */
public final class QuoteSources {

  private QuoteSources() {}

  /**
   * The sources of every configured terminal, or only of the pinned one; fails with a message
   * naming the terminal and the key when the configuration is wrong.
   */
  public static List<QuoteSource> fromConfig(PriceConfig config) {
    return fromConfig(config, null);
  }

  /**
   * The same, with simulators that keep the trading calendars of {@code hours} (null: their markets
   * never close).
   */
  public static List<QuoteSource> fromConfig(PriceConfig config, MarketHours hours) {
    Map<String, PriceConfig.Terminal> terminals = new TreeMap<>(config.terminals());
    if (terminals.isEmpty()) {
      // Allowed: an instance that serves the APIs while terminals are polled elsewhere.
      return List.of();
    }
    if (config.pinTerminal().isPresent()) {
      String pinned = config.pinTerminal().get();
      if (!terminals.containsKey(pinned)) {
        throw new IllegalArgumentException(
            "price.pin-terminal is '"
                + pinned
                + "', but the configured terminals are "
                + terminals.keySet());
      }
      terminals = Map.of(pinned, terminals.get(pinned));
    }
    List<QuoteSource> sources = new ArrayList<>();
    terminals.forEach(
        (id, terminal) -> {
          if (!terminal.adapter().equals("off")) {
            sources.add(create(id, terminal, hours));
          }
        });
    return sources;
  }

  private static QuoteSource jna(String id, PriceConfig.Terminal terminal) {
    String key = "price.terminals." + id + ".";
    if (terminal.symbols().isPresent() && terminal.symbolsFile().isPresent()) {
      throw new IllegalArgumentException(key + "symbols and symbols-file: set one, not both");
    }
    SymbolNames names;
    try {
      names =
          new SymbolNames(
              SymbolNames.parseAliases(terminal.aliases().orElse(List.of())),
              terminal.symbolPrefix().orElse(""),
              terminal.symbolSuffix().orElse(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + "aliases: " + e.getMessage(), e);
    }
    Map<String, String> options = new java.util.LinkedHashMap<>();
    terminal.python().ifPresent(python -> options.put("python", python));
    terminal.worker().ifPresent(worker -> options.put("worker", worker));
    JnaQuoteSource.Settings settings =
        new JnaQuoteSource.Settings(
            id,
            require(terminal.library(), key + "library"),
            terminal.path().orElse(""),
            terminal.login().orElse(0),
            terminal.login().isPresent()
                ? require(
                    terminal.password(),
                    key
                        + "password (e.g. from PRICE_TERMINALS_"
                        + id.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                        + "_PASSWORD)")
                : "",
            terminal.login().isPresent() ? require(terminal.server(), key + "server") : "",
            terminal.connectTimeout(),
            terminal.callDeadline(),
            terminal.symbolsFile().map(SymbolListFile::read).or(terminal::symbols),
            names,
            terminal
                .serverZone()
                .map(zone -> ServerClock.of(id, zone(zone, key + "server-zone")))
                .orElseGet(() -> ServerClock.detecting(id)),
            options);
    try {
      return new JnaQuoteSource(settings);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw new IllegalArgumentException(
          key + "library: cannot load " + settings.library() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code PRICE_TERMINALS_*} variables of {@code environment} that name no configured
   * terminal: an id set only in the environment must be letters and digits, since a variable cannot
   * show where an id with {@code -} or {@code _} ends, and such a variable is silently ignored.
   */
  public static List<String> unplacedVariables(
      Map<String, String> environment, java.util.Set<String> terminalIds) {
    List<String> unplaced = new ArrayList<>();
    for (String name : new TreeMap<>(environment).keySet()) {
      if (!name.startsWith("PRICE_TERMINALS_")) {
        continue;
      }
      boolean placed =
          terminalIds.stream()
              .anyMatch(
                  id ->
                      name.startsWith(
                          "PRICE_TERMINALS_"
                              + id.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
                              + "_"));
      if (!placed) {
        unplaced.add(name);
      }
    }
    return unplaced;
  }

  private static java.time.ZoneId zone(String name, String key) {
    try {
      return java.time.ZoneId.of(name);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          key + " is '" + name + "', not a time zone (e.g. EET, Europe/Athens, UTC)", e);
    }
  }

  private static String require(java.util.Optional<String> value, String key) {
    return value
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> new IllegalArgumentException(key + " is required"));
  }

  private static QuoteSource create(String id, PriceConfig.Terminal terminal, MarketHours hours) {
    if (terminal.adapter().equals("jna")) {
      return jna(id, terminal);
    }
    if (!terminal.adapter().equals("simulated")) {
      throw new IllegalArgumentException(
          "price.terminals."
              + id
              + ".adapter is '"
              + terminal.adapter()
              + "'; known adapters: [simulated, jna, off]");
    }
    if (terminal.symbols().isPresent() && terminal.symbolsFile().isPresent()) {
      throw new IllegalArgumentException(
          "price.terminals." + id + ": set symbols or symbols-file, not both");
    }
    try {
      java.util.Optional<List<String>> names =
          terminal.symbolsFile().map(SymbolListFile::read).or(terminal::symbols);
      return new SimulatedQuoteSource(
          id,
          names.map(SymbolCatalog::select).orElseGet(SymbolCatalog::all),
          terminal.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong()),
          hours);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "price.terminals." + id + ".symbols: " + e.getMessage(), e);
    }
  }
}
