package com.widgetforge.price.terminal.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** The C ABI of {@code src/main/c/mt5bridge.h}, as JNA sees it. Field order is the C order. */
public interface Mt5Bridge extends Library {

  int ABI_VERSION = 2;
  int OK = 0;
  int E_ARGUMENT = -1;
  int E_CONNECT = -2;
  int E_SYMBOL = -3;
  int E_TERMINAL = -4;
  int E_DISCONNECTED = -5;
  int E_TIMEOUT = -6;
  int E_AUTH = -7;
  int NAME_SIZE = 32;
  int TEXT_SIZE = 128;

  int mt5b_abi_version();

  int mt5b_connect(
      String terminalPath,
      long login,
      String password,
      String server,
      String options,
      int timeoutMs,
      PointerByReference out);

  int mt5b_terminal_info(Pointer session, TerminalStruct out, int timeoutMs);

  int mt5b_symbols(
      Pointer session, SymbolStruct[] buffer, int capacity, IntByReference count, int timeoutMs);

  int mt5b_select_symbol(Pointer session, String symbol, int enable, int timeoutMs);

  int mt5b_latest_tick(Pointer session, String symbol, TickStruct out, int timeoutMs);

  int mt5b_rates_range(
      Pointer session,
      String symbol,
      int timeframe,
      long from,
      long to,
      RateStruct[] buffer,
      int capacity,
      IntByReference count,
      int timeoutMs);

  int mt5b_last_error(Pointer session, IntByReference code, byte[] message, int capacity);

  void mt5b_disconnect(Pointer session);

  /** {@code mt5b_symbol}. */
  @Structure.FieldOrder({
    "name",
    "description",
    "category",
    "path",
    "digits",
    "point",
    "visible",
    "trade_mode"
  })
  class SymbolStruct extends Structure {
    public byte[] name = new byte[NAME_SIZE];
    public byte[] description = new byte[TEXT_SIZE];
    public byte[] category = new byte[NAME_SIZE];
    public byte[] path = new byte[TEXT_SIZE];
    public int digits;
    public double point;
    public int visible;
    public int trade_mode;
  }

  /** {@code mt5b_terminal}. */
  @Structure.FieldOrder({"company", "name", "server", "login", "build", "connected"})
  class TerminalStruct extends Structure {
    public byte[] company = new byte[TEXT_SIZE];
    public byte[] name = new byte[TEXT_SIZE];
    public byte[] server = new byte[TEXT_SIZE];
    public long login;
    public int build;
    public int connected;
  }

  /** {@code mt5b_tick}. */
  @Structure.FieldOrder({
    "time",
    "bid",
    "ask",
    "last",
    "volume",
    "time_msc",
    "flags",
    "volume_real"
  })
  class TickStruct extends Structure {
    public long time;
    public double bid;
    public double ask;
    public double last;
    public long volume;
    public long time_msc;
    public int flags;
    public double volume_real;
  }

  /** {@code mt5b_rate}. */
  @Structure.FieldOrder({
    "time",
    "open",
    "high",
    "low",
    "close",
    "tick_volume",
    "spread",
    "real_volume"
  })
  class RateStruct extends Structure {
    public long time;
    public double open;
    public double high;
    public double low;
    public double close;
    public long tick_volume;
    public int spread;
    public long real_volume;
  }
}
