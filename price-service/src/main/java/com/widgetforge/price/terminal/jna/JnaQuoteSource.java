package com.widgetforge.price.terminal.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.widgetforge.price.history.Timeframe;
import com.widgetforge.price.terminal.QuoteSource;
import com.widgetforge.price.terminal.Rate;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.Tick;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A terminal reached through the native bridge ({@code mt5bridge.h}) with JNA. Everything the
 * bridge returns is checked before use: text fields must be NUL-terminated within their size,
 * prices finite and positive, digits plausible; anything else is a {@link BridgeException}. Not
 * thread-safe: the terminal's poller calls it from one thread.
 */
public final class JnaQuoteSource implements QuoteSource {

  /** The most symbols read from a terminal. */
  static final int MAX_SYMBOLS = 4096;

  /** Prices at or above this are nonsense (and would not fit chart history's columns). */
  static final double MAX_PRICE = 1e9;

  /** The most bars read in one call. */
  static final int MAX_RATES = 10_000;

  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._#-]{1,32}");

  /** How to reach one terminal through its bridge library. */
  public record Settings(
      String terminalId,
      String library,
      String terminalPath,
      long login,
      String password,
      String server,
      Duration connectTimeout,
      Optional<List<String>> symbols) {

    @Override
    public String toString() {
      return "Settings[" + terminalId + ", " + library + ", login " + login + ", " + server + "]";
    }
  }

  private final Settings settings;
  private final Mt5Bridge bridge;
  private Pointer session;
  private List<SymbolInfo> symbols = List.of();
  private final Map<String, Tick> last = new HashMap<>();

  public JnaQuoteSource(Settings settings) {
    this.settings = settings;
    // The ABI's strings are UTF-8, whatever the platform's default (Cp1252 on Windows).
    this.bridge =
        Native.load(
            settings.library(),
            Mt5Bridge.class,
            Map.of(com.sun.jna.Library.OPTION_STRING_ENCODING, "UTF-8"));
    int version = bridge.mt5b_abi_version();
    if (version != Mt5Bridge.ABI_VERSION) {
      throw new BridgeException(
          settings.library()
              + " implements mt5bridge ABI "
              + version
              + ", expected "
              + Mt5Bridge.ABI_VERSION);
    }
  }

  @Override
  public String terminalId() {
    return settings.terminalId();
  }

  @Override
  public List<SymbolInfo> symbols() {
    return symbols;
  }

  @Override
  public void connect() {
    disconnect();
    PointerByReference out = new PointerByReference();
    int result =
        bridge.mt5b_connect(
            settings.terminalPath(),
            settings.login(),
            settings.password(),
            settings.server(),
            (int) settings.connectTimeout().toMillis(),
            out);
    if (result != Mt5Bridge.OK || out.getValue() == null) {
      throw new BridgeException("connect failed: " + lastError(null, result));
    }
    session = out.getValue();
    symbols = readSymbols();
    last.clear();
  }

  private List<SymbolInfo> readSymbols() {
    Mt5Bridge.SymbolStruct[] buffer =
        (Mt5Bridge.SymbolStruct[]) new Mt5Bridge.SymbolStruct().toArray(MAX_SYMBOLS);
    IntByReference count = new IntByReference();
    check(bridge.mt5b_symbols(session, buffer, buffer.length, count), "symbols");
    int available = Math.min(count.getValue(), buffer.length);
    if (available < 0) {
      throw new BridgeException("symbols: negative count " + count.getValue());
    }
    Map<String, SymbolInfo> byName = new HashMap<>();
    List<SymbolInfo> all = new ArrayList<>();
    for (int i = 0; i < available; i++) {
      Mt5Bridge.SymbolStruct raw = buffer[i];
      String name = text(raw.name, "symbol name");
      if (!SYMBOL.matcher(name).matches()
          || raw.digits < 0
          || raw.digits > 10
          || !(raw.point > 0)) {
        throw new BridgeException("symbols: implausible symbol " + (i + 1));
      }
      SymbolInfo info =
          new SymbolInfo(
              name,
              text(raw.description, "description"),
              raw.digits,
              raw.point,
              text(raw.category, "category"));
      byName.put(name, info);
      all.add(info);
    }
    if (settings.symbols().isEmpty()) {
      return all;
    }
    List<SymbolInfo> wanted = new ArrayList<>();
    for (String name : settings.symbols().get()) {
      SymbolInfo info = byName.get(name);
      if (info == null) {
        throw new BridgeException("terminal " + terminalId() + " does not offer symbol " + name);
      }
      wanted.add(info);
    }
    return wanted;
  }

  @Override
  public List<Tick> poll(long nowMsc) {
    if (session == null) {
      throw new BridgeException("not connected");
    }
    List<Tick> changed = new ArrayList<>();
    for (SymbolInfo symbol : symbols) {
      // A fresh struct a call: a field the bridge leaves unset reads 0, not another symbol's.
      Mt5Bridge.TickStruct raw = new Mt5Bridge.TickStruct();
      check(bridge.mt5b_latest_tick(session, symbol.name(), raw), "tick " + symbol.name());
      if (!(raw.ask < MAX_PRICE)
          || !Double.isFinite(raw.bid)
          || !Double.isFinite(raw.ask)
          || !(raw.bid > 0)
          || raw.ask < raw.bid
          || !Double.isFinite(raw.last)
          || raw.last < 0
          || raw.time_msc <= 0) {
        throw new BridgeException(
            "tick " + symbol.name() + ": implausible prices from the terminal");
      }
      Tick tick =
          new Tick(
              symbol.name(),
              raw.bid,
              raw.ask,
              raw.last,
              Math.max(0, raw.volume),
              raw.time_msc,
              symbol.digits());
      Tick previous = last.get(symbol.name());
      if (previous == null
          || previous.bid() != tick.bid()
          || previous.ask() != tick.ask()
          || previous.last() != tick.last()
          || previous.timeMsc() < tick.timeMsc() && previous.volume() != tick.volume()) {
        last.put(symbol.name(), tick);
        changed.add(tick);
      }
    }
    return changed;
  }

  @Override
  public List<Rate> rates(String symbol, Timeframe timeframe, long from, long to, int max) {
    if (session == null) {
      throw new BridgeException("not connected");
    }
    int capacity = Math.max(0, Math.min(max, MAX_RATES));
    if (capacity == 0 || from > to) {
      return List.of();
    }
    Mt5Bridge.RateStruct[] buffer =
        (Mt5Bridge.RateStruct[]) new Mt5Bridge.RateStruct().toArray(capacity);
    IntByReference count = new IntByReference();
    check(
        bridge.mt5b_rates_range(
            session, symbol, (int) (timeframe.seconds() / 60), from, to, buffer, capacity, count),
        "rates " + symbol + " " + timeframe);
    int written = count.getValue();
    if (written < 0 || written > capacity) {
      throw new BridgeException("rates " + symbol + ": count " + written + " outside the buffer");
    }
    List<Rate> rates = new ArrayList<>(written);
    for (int i = 0; i < written; i++) {
      Mt5Bridge.RateStruct raw = buffer[i];
      boolean plausible =
          Double.isFinite(raw.open)
              && Double.isFinite(raw.high)
              && Double.isFinite(raw.low)
              && Double.isFinite(raw.close)
              && raw.low > 0
              && raw.high < MAX_PRICE
              && raw.low <= Math.min(raw.open, raw.close)
              && raw.high >= Math.max(raw.open, raw.close)
              && raw.time >= from
              && raw.time <= to;
      if (!plausible) {
        throw new BridgeException("rates " + symbol + ": implausible bar " + (i + 1));
      }
      rates.add(
          new Rate(
              raw.time,
              raw.open,
              raw.high,
              raw.low,
              raw.close,
              Math.max(0, raw.tick_volume),
              Math.max(0, raw.spread),
              Math.max(0, raw.real_volume)));
    }
    return rates;
  }

  @Override
  public boolean historyIsAuthoritative() {
    return true;
  }

  @Override
  public void disconnect() {
    if (session != null) {
      Pointer closing = session;
      session = null;
      bridge.mt5b_disconnect(closing);
    }
  }

  private void check(int result, String what) {
    if (result != Mt5Bridge.OK) {
      throw new BridgeException(what + " failed: " + lastError(session, result));
    }
  }

  private String lastError(Pointer on, int result) {
    byte[] message = new byte[Mt5Bridge.TEXT_SIZE];
    IntByReference code = new IntByReference();
    if (bridge.mt5b_last_error(on, code, message, message.length) != Mt5Bridge.OK) {
      return "error " + result;
    }
    String text;
    try {
      text = text(message, "error message");
    } catch (BridgeException unterminated) {
      text = "(unreadable message)";
    }
    return text.isEmpty() ? "error " + result : text + " (" + result + ")";
  }

  /** A NUL-terminated UTF-8 field; an unterminated one is garbage, not something to read past. */
  private static String text(byte[] field, String what) {
    for (int i = 0; i < field.length; i++) {
      if (field[i] == 0) {
        return new String(field, 0, i, StandardCharsets.UTF_8);
      }
    }
    throw new BridgeException(what + " is not NUL-terminated within " + field.length + " bytes");
  }
}
