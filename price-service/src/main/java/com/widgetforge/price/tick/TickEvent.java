package com.widgetforge.price.tick;

import com.widgetforge.price.terminal.Tick;

/** A {@code price.ticks} message, version 1 (see deploy/asyncapi.yaml, PriceTick). */
public record TickEvent(
    int v,
    String symbol,
    String terminalId,
    double bid,
    double ask,
    double last,
    long volume,
    long timeMsc,
    int digits) {

  public static final int VERSION = 1;

  public static TickEvent of(String terminalId, Tick tick) {
    return new TickEvent(
        VERSION,
        tick.symbol(),
        terminalId,
        tick.bid(),
        tick.ask(),
        tick.last(),
        tick.volume(),
        tick.timeMsc(),
        tick.digits());
  }
}
