package com.widgetforge.price.terminal;

import java.util.List;

/**
 * The port to one MT5 terminal (simulated, or a native bridge): where prices come from. Calls may
 * block, hang or fail; {@link TerminalPoller} makes them on a thread of the terminal's own with a
 * timeout, never on an event loop.
 */
public interface QuoteSource {

  /** The configured id of the terminal this source reads. */
  String terminalId();

  /** The symbols this source quotes. */
  List<SymbolInfo> symbols();

  /** Opens the connection; called before the first poll and after a failure. */
  default void connect() {}

  /** The ticks that changed since the previous poll, stamped no earlier than {@code nowMsc}. */
  List<Tick> poll(long nowMsc);

  /**
   * The terminal's bars of {@code symbol} with open times in [from, to] (epoch seconds), oldest
   * first, at most {@code max}; empty when the terminal keeps no history.
   */
  default List<Rate> rates(
      String symbol,
      com.widgetforge.price.history.Timeframe timeframe,
      long from,
      long to,
      int max) {
    return List.of();
  }

  /** Whether {@link #rates} is the terminal's real history rather than a made-up one. */
  default boolean historyIsAuthoritative() {
    return false;
  }

  /**
   * The terminal's trade-server clock: how its times became UTC, and how its H4 and D1 bars align.
   * A simulator's clock is UTC.
   */
  default ServerClock clock() {
    return ServerClock.utc(terminalId());
  }

  /** Closes the connection; best effort. */
  default void disconnect() {}
}
