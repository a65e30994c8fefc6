package com.widgetforge.price.terminal.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.widgetforge.price.history.Timeframe;
import com.widgetforge.price.terminal.LoginRefused;
import com.widgetforge.price.terminal.QuoteSource;
import com.widgetforge.price.terminal.Rate;
import com.widgetforge.price.terminal.ServerClock;
import com.widgetforge.price.terminal.SymbolCategories;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.SymbolNames;
import com.widgetforge.price.terminal.Tick;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A terminal reached through the native bridge ({@code mt5bridge.h}) with JNA. Everything the
 * bridge returns is checked before use: text fields must be NUL-terminated within their size,
 * prices finite and positive, digits plausible; anything else is a {@link BridgeException}. This is
 * the edge of WidgetForge: the terminal's symbol names become canonical names and its server clock
 * becomes UTC here ({@link SymbolNames}, {@link ServerClock}). Not thread-safe: the terminal's
 * poller calls it from one thread.
 */
public final class JnaQuoteSource implements QuoteSource {

  private static final Logger LOG = Logger.getLogger(JnaQuoteSource.class);

  /** The most symbols read from a terminal. */
  static final int MAX_SYMBOLS = 8192;

  /** Prices at or above this are nonsense (and would not fit chart history's columns). */
  static final double MAX_PRICE = 1e9;

  /** The most bars read in one call. */
  static final int MAX_RATES = 10_000;

  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._#+-]{1,32}");

  /** How to reach one terminal through its bridge library. */
  public record Settings(
      String terminalId,
      String library,
      String terminalPath,
      long login,
      String password,
      String server,
      Duration connectTimeout,
      Duration callDeadline,
      Optional<List<String>> symbols,
      SymbolNames names,
      ServerClock clock,
      Map<String, String> options) {

    @Override
    public String toString() {
      return "Settings[" + terminalId + ", " + library + ", login " + login + ", " + server + "]";
    }
  }

  /** A quoted symbol: WidgetForge's description of it and the terminal's name for it. */
  private record Quoted(SymbolInfo info, String terminalName) {}

  private final Settings settings;
  private final Mt5Bridge bridge;
  private final String options;
  private Pointer session;
  private Map<String, Quoted> quoted = Map.of();
  private final Map<String, Tick> last = new HashMap<>();
  private String connectedTo;

  public JnaQuoteSource(Settings settings) {
    this.settings = settings;
    StringBuilder lines = new StringBuilder();
    settings
        .options()
        .forEach(
            (key, value) -> {
              if (value.contains("\n") || key.contains("=") || key.contains("\n")) {
                throw new IllegalArgumentException("bridge option " + key + " holds a line break");
              }
              lines.append(key).append('=').append(value).append('\n');
            });
    this.options = lines.toString();
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
    return quoted.values().stream().map(Quoted::info).toList();
  }

  @Override
  public ServerClock clock() {
    return settings.clock();
  }

  /** The broker, trade server and login of the connected terminal, for logs and the tester. */
  public Optional<String> connectedTo() {
    return Optional.ofNullable(connectedTo);
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
            options,
            millis(settings.connectTimeout()),
            out);
    if (result == Mt5Bridge.E_AUTH) {
      throw new LoginRefused("login refused: " + lastError(null, result));
    }
    if (result != Mt5Bridge.OK || out.getValue() == null) {
      throw new BridgeException("connect failed: " + lastError(null, result));
    }
    session = out.getValue();
    last.clear();
    String terminal = describeTerminal();
    if (!terminal.equals(connectedTo)) {
      LOG.infof("terminal %s: %s", terminalId(), terminal);
      connectedTo = terminal;
    }
    quoted = resolve(readSymbols());
    if (!settings.clock().known()) {
      detectClock();
    }
  }

  private String describeTerminal() {
    Mt5Bridge.TerminalStruct info = new Mt5Bridge.TerminalStruct();
    check(bridge.mt5b_terminal_info(session, info, deadline()), "terminal info");
    return text(info.company, "company")
        + ", server "
        + text(info.server, "server")
        + ", login "
        + info.login
        + ", build "
        + info.build
        + (info.connected != 0 ? "" : " (not connected to the trade server)");
  }

  /** A symbol as the terminal describes it, before it is mapped. */
  private record Offered(
      String name,
      String description,
      String category,
      String path,
      int digits,
      double point,
      boolean visible) {}

  private List<Offered> readSymbols() {
    Mt5Bridge.SymbolStruct[] buffer =
        (Mt5Bridge.SymbolStruct[]) new Mt5Bridge.SymbolStruct().toArray(MAX_SYMBOLS);
    IntByReference count = new IntByReference();
    check(bridge.mt5b_symbols(session, buffer, buffer.length, count, deadline()), "symbols");
    int available = Math.min(count.getValue(), buffer.length);
    if (available < 0) {
      throw new BridgeException("symbols: negative count " + count.getValue());
    }
    List<Offered> all = new ArrayList<>();
    for (int i = 0; i < available; i++) {
      Mt5Bridge.SymbolStruct raw = buffer[i];
      String name = text(raw.name, "symbol name");
      if (!SYMBOL.matcher(name).matches()
          || raw.digits < 0
          || raw.digits > 10
          || !(raw.point > 0)) {
        throw new BridgeException("symbols: implausible symbol " + (i + 1));
      }
      all.add(
          new Offered(
              name,
              text(raw.description, "description"),
              text(raw.category, "category"),
              text(raw.path, "path"),
              raw.digits,
              raw.point,
              raw.visible != 0));
    }
    return all;
  }

  /**
   * The symbols to quote, by canonical name: the configured ones, or else those shown in the
   * terminal's Market Watch. Hidden ones are selected into Market Watch, where alone they tick.
   */
  private Map<String, Quoted> resolve(List<Offered> offered) {
    Map<String, Offered> byName = new LinkedHashMap<>();
    offered.forEach(symbol -> byName.put(symbol.name(), symbol));
    List<String> names = List.copyOf(byName.keySet());
    List<Offered> wanted = new ArrayList<>();
    if (settings.symbols().isPresent()) {
      for (String canonical : settings.symbols().get()) {
        // A configured name is the terminal's own name, or a canonical one to look up.
        String name =
            (byName.containsKey(canonical)
                    ? Optional.of(canonical)
                    : settings.names().terminalNameOf(canonical, names))
                .orElseThrow(
                    () ->
                        new BridgeException(
                            "terminal "
                                + terminalId()
                                + " does not offer symbol "
                                + canonical
                                + " under any name (set price.terminals."
                                + terminalId()
                                + ".aliases, e.g. "
                                + canonical
                                + ".raw="
                                + canonical
                                + ")"));
        wanted.add(byName.get(name));
      }
    } else {
      offered.stream().filter(Offered::visible).forEach(wanted::add);
    }
    Map<String, Quoted> resolved = new LinkedHashMap<>();
    for (Offered symbol : wanted) {
      String canonical = settings.names().canonical(symbol.name());
      Quoted previous = resolved.get(canonical);
      if (previous != null) {
        // Two decorations of one canonical name: the undecorated one, or the first, quotes it.
        if (!symbol.name().equalsIgnoreCase(canonical)) {
          continue;
        }
      }
      if (!symbol.visible()) {
        check(
            bridge.mt5b_select_symbol(session, symbol.name(), 1, deadline()),
            "selecting " + symbol.name() + " in Market Watch");
      }
      String category =
          symbol.category().isEmpty()
              ? SymbolCategories.of(symbol.path(), canonical)
              : symbol.category();
      resolved.put(
          canonical,
          new Quoted(
              new SymbolInfo(
                  canonical, symbol.description(), symbol.digits(), symbol.point(), category),
              symbol.name()));
    }
    return resolved;
  }

  /**
   * Learns the trade server's offset from the freshest tick of the quoted symbols; fails (and the
   * poller tries again later) while none is fresh, e.g. over a weekend.
   */
  private void detectClock() {
    long now = System.currentTimeMillis();
    for (Quoted symbol : quoted.values()) {
      settings.clock().observe(rawTick(symbol).time_msc, now);
      if (settings.clock().known()) {
        return;
      }
    }
    throw new BridgeException(
        "cannot tell the trade server's clock: no symbol ticked in the last "
            + ServerClock.FRESH.toSeconds()
            + " s (market closed?); set price.terminals."
            + terminalId()
            + ".server-zone");
  }

  private Mt5Bridge.TickStruct rawTick(Quoted symbol) {
    // A fresh struct a call: a field the bridge leaves unset reads 0, not another symbol's.
    Mt5Bridge.TickStruct raw = new Mt5Bridge.TickStruct();
    check(
        bridge.mt5b_latest_tick(session, symbol.terminalName(), raw, deadline()),
        "tick " + symbol.terminalName());
    if (!(raw.ask < MAX_PRICE)
        || !Double.isFinite(raw.bid)
        || !Double.isFinite(raw.ask)
        || !(raw.bid > 0)
        || raw.ask < raw.bid
        || !Double.isFinite(raw.last)
        || raw.last < 0
        || raw.time_msc <= 0) {
      throw new BridgeException(
          "tick " + symbol.terminalName() + ": implausible prices from the terminal");
    }
    return raw;
  }

  @Override
  public List<Tick> poll(long nowMsc) {
    requireSession();
    List<Tick> changed = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (Quoted symbol : quoted.values()) {
      Mt5Bridge.TickStruct raw = rawTick(symbol);
      settings.clock().observe(raw.time_msc, now);
      SymbolInfo info = symbol.info();
      Tick tick =
          new Tick(
              info.name(),
              raw.bid,
              raw.ask,
              raw.last,
              Math.max(0, raw.volume),
              settings.clock().tickToUtc(raw.time_msc, now),
              info.digits());
      Tick previous = last.get(info.name());
      if (previous == null
          || previous.bid() != tick.bid()
          || previous.ask() != tick.ask()
          || previous.last() != tick.last()
          || previous.timeMsc() < tick.timeMsc() && previous.volume() != tick.volume()) {
        last.put(info.name(), tick);
        changed.add(tick);
      }
    }
    return changed;
  }

  @Override
  public List<Rate> rates(String symbol, Timeframe timeframe, long from, long to, int max) {
    requireSession();
    Quoted wanted = quoted.get(symbol);
    if (wanted == null) {
      throw new BridgeException("rates: terminal " + terminalId() + " does not quote " + symbol);
    }
    int capacity = Math.max(0, Math.min(max, MAX_RATES));
    if (capacity == 0 || from > to) {
      return List.of();
    }
    ServerClock clock = settings.clock();
    long serverFrom = clock.toServerSeconds(from);
    long serverTo = clock.toServerSeconds(to);
    Mt5Bridge.RateStruct[] buffer =
        (Mt5Bridge.RateStruct[]) new Mt5Bridge.RateStruct().toArray(capacity);
    IntByReference count = new IntByReference();
    check(
        bridge.mt5b_rates_range(
            session,
            wanted.terminalName(),
            (int) (timeframe.seconds() / 60),
            serverFrom,
            serverTo,
            buffer,
            capacity,
            count,
            millis(settings.connectTimeout())),
        "rates " + wanted.terminalName() + " " + timeframe);
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
              && raw.time >= serverFrom
              && raw.time <= serverTo;
      if (!plausible) {
        throw new BridgeException("rates " + symbol + ": implausible bar " + (i + 1));
      }
      rates.add(
          new Rate(
              clock.toUtcSeconds(raw.time),
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

  private void requireSession() {
    if (session == null) {
      throw new BridgeException("not connected");
    }
  }

  private int deadline() {
    return millis(settings.callDeadline());
  }

  private static int millis(Duration duration) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
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
    return text.isEmpty() ? "error " + result : text + " [" + result + "]";
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
