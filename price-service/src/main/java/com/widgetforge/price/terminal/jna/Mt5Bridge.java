package com.widgetforge.price.terminal.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** The C ABI of {@code src/main/c/mt5bridge.h}, as JNA sees it. Field order is the C order. */
public interface Mt5Bridge extends Library {

  int ABI_VERSION = 1;
  int OK = 0;
  int NAME_SIZE = 32;
  int TEXT_SIZE = 128;

  int mt5b_abi_version();

  int mt5b_connect(
      String terminalPath,
      long login,
      String password,
      String server,
      int timeoutMs,
      PointerByReference out);

  int mt5b_symbols(Pointer session, SymbolStruct[] buffer, int capacity, IntByReference count);

  int mt5b_latest_tick(Pointer session, String symbol, TickStruct out);

  int mt5b_rates_range(
      Pointer session,
      String symbol,
      int timeframe,
      long from,
      long to,
      RateStruct[] buffer,
      int capacity,
      IntByReference count);

  int mt5b_last_error(Pointer session, IntByReference code, byte[] message, int capacity);

  void mt5b_disconnect(Pointer session);

  /** {@code mt5b_symbol}. */
  @Structure.FieldOrder({"name", "description", "category", "digits", "point"})
  class SymbolStruct extends Structure {
    public byte[] name = new byte[NAME_SIZE];
    public byte[] description = new byte[TEXT_SIZE];
    public byte[] category = new byte[NAME_SIZE];
    public int digits;
    public double point;
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
