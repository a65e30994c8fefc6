package com.widgetforge.price.terminal.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.widgetforge.price.terminal.ServerClock;
import com.widgetforge.price.terminal.SymbolNames;
import java.time.Duration;
import java.util.Optional;

/** The compiled mt5sim.c (built by the test build) and its misbehaviour switch. */
final class Mt5Simulator {

  static final int NORMAL = 0;
  static final int HANG = 1;
  static final int FAIL = 2;
  static final int GARBAGE = 3;

  /** mt5sim.c's own control function, outside the bridge ABI. */
  interface Control extends Library {
    void mt5sim_set_mode(int mode);
  }

  static final String LIBRARY = System.getProperty("mt5sim.library", "target/libmt5sim.so");

  private static final Control CONTROL = Native.load(LIBRARY, Control.class);

  private Mt5Simulator() {}

  static void mode(int mode) {
    CONTROL.mt5sim_set_mode(mode);
  }

  static JnaQuoteSource.Settings settings(String password) {
    return settings(password, Optional.empty());
  }

  static JnaQuoteSource.Settings settings(
      String password, Optional<java.util.List<String>> symbols) {
    return new JnaQuoteSource.Settings(
        "jna-test",
        LIBRARY,
        "C:\\\\MT5\\\\terminal64.exe",
        1001,
        password,
        "Sim-Server",
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        symbols,
        SymbolNames.automatic(),
        ServerClock.utc("jna-test"),
        java.util.Map.of());
  }
}
