package com.widgetforge.price.api;

import com.widgetforge.price.tick.TickEvent;

/**
 * A symbol's latest price as the API gives it: MT5 fields, the spread in points, the change since
 * the day's open (the current D1 bar's, on the terminal's server day; null until known), whether it
 * is stale (old, or its terminal does not answer) and whether its market is open or closed.
 */
public record LatestPrice(
    String symbol,
    double bid,
    double ask,
    double last,
    int digits,
    long spread,
    Double changePct,
    long timeMsc,
    String terminalId,
    boolean stale,
    String market) {

  static LatestPrice of(TickEvent tick, Double dayOpen, boolean stale, String market) {
    long spread = Math.round((tick.ask() - tick.bid()) * Math.pow(10, tick.digits()));
    Double change =
        dayOpen == null || dayOpen == 0
            ? null
            : Math.round((tick.bid() - dayOpen) / dayOpen * 100 * 1e4) / 1e4;
    return new LatestPrice(
        tick.symbol(),
        tick.bid(),
        tick.ask(),
        tick.last(),
        tick.digits(),
        spread,
        change,
        tick.timeMsc(),
        tick.terminalId(),
        stale,
        market);
  }
}
