package com.widgetforge.widget.embed;

import com.widgetforge.kit.problem.ApiProblem;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options every public widget takes, validated: anything outside these bounds is a 400 that
 * names the parameter, never echoed into the page.
 */
public record WidgetOptions(
    List<String> symbols,
    String theme,
    String accent,
    boolean overlay,
    int width,
    int height,
    String locale,
    int speed) {

  public static final int MAX_SYMBOLS = 50;
  public static final Set<String> THEMES = Set.of("dark", "light", "transparent");
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._#-]{1,32}");
  private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
  private static final Pattern LOCALE = Pattern.compile("[a-z]{2}(-[A-Z]{2})?");

  /** Parses the query; {@code symbolParam} is {@code symbols} or {@code symbol}. */
  public static WidgetOptions parse(
      MultivaluedMap<String, String> query, String symbolParam, Set<String> known) {
    String list = single(query, symbolParam);
    if (list == null || list.isBlank()) {
      throw ApiProblem.badRequest(symbolParam + " is required, e.g. " + symbolParam + "=EURUSD");
    }
    if (list.length() > MAX_SYMBOLS * 33) {
      throw ApiProblem.badRequest(symbolParam + " is too long");
    }
    Set<String> symbols = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String raw : list.split(",")) {
      String symbol = raw.strip().toUpperCase(Locale.ROOT);
      if (!SYMBOL.matcher(symbol).matches()) {
        throw ApiProblem.badRequest(
            symbolParam + " may contain only symbol names (A-Z, 0-9, . _ # -)");
      }
      if (!known.contains(symbol)) {
        unknown.add(symbol);
      }
      symbols.add(symbol);
    }
    if (symbols.size() > MAX_SYMBOLS) {
      throw ApiProblem.badRequest("at most " + MAX_SYMBOLS + " symbols per widget");
    }
    if (!unknown.isEmpty()) {
      throw ApiProblem.badRequest("unknown symbols: " + String.join(",", unknown));
    }
    return look(query, List.copyOf(symbols));
  }

  /** The options every widget takes besides its symbols: theme, accent, locale, overlay, size. */
  public static WidgetOptions look(MultivaluedMap<String, String> query, List<String> symbols) {
    String theme = option(query, "theme", "dark");
    if (!THEMES.contains(theme)) {
      throw ApiProblem.badRequest("theme must be dark, light or transparent");
    }
    String accent = option(query, "accent", "#2f81f7");
    if (!COLOUR.matcher(accent).matches()) {
      throw ApiProblem.badRequest("accent must be a colour like #2f81f7");
    }
    String locale = option(query, "locale", "en");
    if (!LOCALE.matcher(locale).matches()) {
      throw ApiProblem.badRequest("locale must look like en or de-DE");
    }
    boolean overlay = "true".equals(option(query, "overlay", "false"));
    return new WidgetOptions(
        symbols,
        overlay ? "transparent" : theme,
        accent,
        overlay,
        number(query, "width", 0, 100, 3840),
        number(query, "height", 0, 40, 2160),
        locale,
        number(query, "speed", 5, 1, 10));
  }

  static String single(MultivaluedMap<String, String> query, String name) {
    List<String> values = query.get(name);
    if (values != null && values.size() > 1) {
      throw ApiProblem.badRequest(name + " may be given once");
    }
    return values == null ? null : values.get(0);
  }

  public static String option(MultivaluedMap<String, String> query, String name, String fallback) {
    String value = single(query, name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static int number(
      MultivaluedMap<String, String> query, String name, int fallback, int min, int max) {
    String value = single(query, name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiProblem.badRequest(name + " must be a whole number from " + min + " to " + max);
  }

  public String symbolList() {
    return String.join(",", symbols);
  }
}
