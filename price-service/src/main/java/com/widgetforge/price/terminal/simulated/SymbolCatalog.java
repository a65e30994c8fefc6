package com.widgetforge.price.terminal.simulated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbols the simulator knows: FX majors, metals, indices and crypto, as a broker quotes them.
 */
public final class SymbolCatalog {

  private static final Map<String, SymbolSpec> SPECS = new LinkedHashMap<>();

  static {
    add(new SymbolSpec("EURUSD", "Euro vs US Dollar", "fx", 5, 1.08500, 12, 2, false));
    add(
        new SymbolSpec(
            "GBPUSD", "Great Britain Pound vs US Dollar", "fx", 5, 1.27000, 15, 3, false));
    add(new SymbolSpec("USDJPY", "US Dollar vs Japanese Yen", "fx", 3, 151.500, 14, 3, false));
    add(new SymbolSpec("USDCHF", "US Dollar vs Swiss Franc", "fx", 5, 0.88500, 16, 2, false));
    add(new SymbolSpec("AUDUSD", "Australian Dollar vs US Dollar", "fx", 5, 0.65500, 14, 2, false));
    add(new SymbolSpec("USDCAD", "US Dollar vs Canadian Dollar", "fx", 5, 1.36500, 18, 2, false));
    add(new SymbolSpec("XAUUSD", "Gold vs US Dollar", "metal", 2, 2650.00, 25, 15, false));
    add(new SymbolSpec("XAGUSD", "Silver vs US Dollar", "metal", 3, 31.200, 30, 8, false));
    add(new SymbolSpec("USOIL", "WTI Crude Oil", "commodity", 2, 70.00, 4, 3, false));
    add(new SymbolSpec("US30", "Dow Jones Industrial Average", "index", 1, 43000.0, 20, 15, true));
    add(new SymbolSpec("NAS100", "Nasdaq 100", "index", 1, 20800.0, 15, 10, true));
    add(new SymbolSpec("SPX500", "S&P 500", "index", 1, 5900.0, 5, 3, true));
    add(new SymbolSpec("GER40", "DAX 40", "index", 1, 19500.0, 15, 8, true));
    add(new SymbolSpec("BTCUSD", "Bitcoin vs US Dollar", "crypto", 2, 95000.00, 1500, 1500, true));
    add(new SymbolSpec("ETHUSD", "Ethereum vs US Dollar", "crypto", 2, 3400.00, 150, 120, true));
  }

  private SymbolCatalog() {}

  private static void add(SymbolSpec spec) {
    SPECS.put(spec.name(), spec);
  }

  /** Every symbol, in catalogue order. */
  public static List<SymbolSpec> all() {
    return List.copyOf(SPECS.values());
  }

  /** The specs of {@code names}, in that order; fails naming any unknown symbol. */
  public static List<SymbolSpec> select(List<String> names) {
    List<SymbolSpec> selected = new ArrayList<>();
    for (String name : names) {
      SymbolSpec spec = SPECS.get(name.trim().toUpperCase());
      if (spec == null) {
        throw new IllegalArgumentException(
            "the simulator has no symbol '" + name + "'; it knows " + SPECS.keySet());
      }
      if (!selected.contains(spec)) {
        selected.add(spec);
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("the simulator needs at least one symbol");
    }
    return selected;
  }
}
