package com.widgetforge.price.terminal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one terminal names symbols, and WidgetForge's canonical name for each. Brokers decorate names
 * ({@code EURUSD.raw}, {@code US30.cash}, {@code #US30}, {@code EURUSDm}); widgets and the APIs use
 * the canonical name, backfill and polling the terminal's.
 *
 * <p>The canonical name of a terminal symbol is, in this order: its configured alias; its name
 * without the configured prefix and suffix; or its name without leading {@code #}/{@code .} and
 * without anything from the first {@code .}, {@code _} or {@code -} on (when at least three
 * characters remain). Names are upper-cased.
 */
public final class SymbolNames {

  private static final Pattern DECORATION = Pattern.compile("[._-]");

  private final Map<String, String> aliases;
  private final String prefix;
  private final String suffix;

  /**
   * @param aliases terminal name to canonical name, e.g. {@code GER40.cash=DE40}
   * @param prefix the broker's prefix to strip, or empty
   * @param suffix the broker's suffix to strip, or empty
   */
  public SymbolNames(Map<String, String> aliases, String prefix, String suffix) {
    this.aliases = Map.copyOf(aliases);
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /** No aliases, no configured decoration: the automatic rule only. */
  public static SymbolNames automatic() {
    return new SymbolNames(Map.of(), "", "");
  }

  /**
   * Parses {@code TERMINAL=CANONICAL} entries (the {@code aliases} key), failing on a malformed one
   * with a message that names it.
   */
  public static Map<String, String> parseAliases(List<String> entries) {
    Map<String, String> aliases = new HashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new IllegalArgumentException(
            "alias '" + entry + "' is not TERMINAL_NAME=CANONICAL_NAME");
      }
      aliases.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
    }
    return aliases;
  }

  /** WidgetForge's name for the terminal's symbol {@code terminalName}. */
  public String canonical(String terminalName) {
    String alias = aliases.get(terminalName);
    if (alias != null) {
      return alias.toUpperCase(java.util.Locale.ROOT);
    }
    String name = terminalName;
    boolean configured = false;
    if (!prefix.isEmpty() && name.startsWith(prefix) && name.length() > prefix.length()) {
      name = name.substring(prefix.length());
      configured = true;
    }
    if (!suffix.isEmpty() && name.endsWith(suffix) && name.length() > suffix.length()) {
      name = name.substring(0, name.length() - suffix.length());
      configured = true;
    }
    if (!configured) {
      name = name.replaceFirst("^[#.]+", "");
      var decoration = DECORATION.matcher(name);
      if (decoration.find() && decoration.start() >= 3) {
        name = name.substring(0, decoration.start());
      }
    }
    return name.isEmpty()
        ? terminalName.toUpperCase(java.util.Locale.ROOT)
        : name.toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * The terminal symbol that quotes {@code canonical} among {@code offered} (terminal names): one
   * whose name is the canonical name itself wins over a decorated one.
   */
  public Optional<String> terminalNameOf(String canonical, List<String> offered) {
    String wanted = canonical.toUpperCase(java.util.Locale.ROOT);
    Optional<String> decorated = Optional.empty();
    for (String name : offered) {
      if (canonical(name).equals(wanted)) {
        if (name.equalsIgnoreCase(wanted)) {
          return Optional.of(name);
        }
        if (decorated.isEmpty()) {
          decorated = Optional.of(name);
        }
      }
    }
    return decorated;
  }
}
