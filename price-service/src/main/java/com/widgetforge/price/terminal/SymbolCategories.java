package com.widgetforge.price.terminal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The category of a terminal's symbol ({@code fx}, {@code metal}, {@code index}, {@code crypto},
 * {@code energy}, {@code stock} or {@code other}), which decides its market hours: from the
 * terminal's symbol tree ({@code Forex\Majors\EURUSD}) where that says, else from the canonical
 * name.
 */
public final class SymbolCategories {

  private static final Pattern CURRENCY_PAIR =
      Pattern.compile(
          "(USD|EUR|GBP|JPY|CHF|AUD|NZD|CAD|SEK|NOK|DKK|PLN|HUF|CZK|TRY|ZAR|MXN|SGD"
              + "|HKD|CNH){2}");

  private SymbolCategories() {}

  public static String of(String path, String canonicalName) {
    String tree = path == null ? "" : path.toLowerCase(Locale.ROOT);
    if (tree.contains("crypto")) {
      return "crypto";
    }
    if (tree.contains("metal")) {
      return "metal";
    }
    if (tree.contains("forex") || tree.startsWith("fx")) {
      return "fx";
    }
    if (tree.contains("indic") || tree.contains("index") || tree.contains("indexes")) {
      return "index";
    }
    if (tree.contains("energ") || tree.contains("oil")) {
      return "energy";
    }
    if (tree.contains("stock") || tree.contains("share") || tree.contains("equit")) {
      return "stock";
    }
    String name = canonicalName.toUpperCase(Locale.ROOT);
    if (name.startsWith("XAU")
        || name.startsWith("XAG")
        || name.startsWith("XPT")
        || name.startsWith("XPD")) {
      return "metal";
    }
    if (name.startsWith("BTC")
        || name.startsWith("ETH")
        || name.startsWith("LTC")
        || name.startsWith("XRP")
        || name.startsWith("SOL")) {
      return "crypto";
    }
    if (CURRENCY_PAIR.matcher(name).matches()) {
      return "fx";
    }
    if (name.contains("OIL")
        || name.startsWith("BRENT")
        || name.startsWith("WTI")
        || name.startsWith("NGAS")) {
      return "energy";
    }
    if (name.matches("(US|UK|DE|GER|JP|FRA|EU|AUS|HK|NAS|SPX|DJ)\\w*\\d+\\w*")) {
      return "index";
    }
    return "other";
  }
}
