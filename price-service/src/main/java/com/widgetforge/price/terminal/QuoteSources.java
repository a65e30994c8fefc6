package com.widgetforge.price.terminal;

import com.widgetforge.price.PriceConfig;
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
    Map<String, PriceConfig.Terminal> terminals = new TreeMap<>(config.terminals());
    if (terminals.isEmpty()) {
      throw new IllegalArgumentException(
          "no terminal configured: set price.terminals.<id>.adapter");
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
    terminals.forEach((id, terminal) -> sources.add(create(id, terminal)));
    return sources;
  }

  private static QuoteSource jna(String id, PriceConfig.Terminal terminal) {
    String key = "price.terminals." + id + ".";
    if (terminal.symbolsFile().isPresent()) {
      throw new IllegalArgumentException(
          key + "symbols-file is for the simulator; use " + key + "symbols");
    }
    JnaQuoteSource.Settings settings =
        new JnaQuoteSource.Settings(
            id,
            require(terminal.library(), key + "library"),
            terminal.path().orElse(""),
            terminal
                .login()
                .orElseThrow(() -> new IllegalArgumentException(key + "login is required")),
            require(
                terminal.password(),
                key
                    + "password (e.g. from PRICE_TERMINALS_"
                    + id.toUpperCase().replace('-', '_')
                    + "_PASSWORD)"),
            require(terminal.server(), key + "server"),
            terminal.connectTimeout(),
            terminal.symbols());
    try {
      return new JnaQuoteSource(settings);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw new IllegalArgumentException(
          key + "library: cannot load " + settings.library() + ": " + e.getMessage(), e);
    }
  }

  private static String require(java.util.Optional<String> value, String key) {
    return value
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> new IllegalArgumentException(key + " is required"));
  }

  private static QuoteSource create(String id, PriceConfig.Terminal terminal) {
    if (terminal.adapter().equals("jna")) {
      return jna(id, terminal);
    }
    if (!terminal.adapter().equals("simulated")) {
      throw new IllegalArgumentException(
          "price.terminals."
              + id
              + ".adapter is '"
              + terminal.adapter()
              + "'; known adapters: [simulated, jna]");
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
          terminal.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "price.terminals." + id + ".symbols: " + e.getMessage(), e);
    }
  }
}
