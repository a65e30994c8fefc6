package com.widgetforge.price.tick;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A {@code price.latest} message, version 1 (deploy/asyncapi.yaml, LatestPrice). {@code dayOpen} is
 * the open of the symbol's current D1 bar (the terminal's server day), null (left out) until known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LatestPriceEvent(
    int v,
    String symbol,
    String terminalId,
    double bid,
    double ask,
    double last,
    long timeMsc,
    int digits,
    String category,
    String market,
    Double dayOpen) {

  public static final int VERSION = 1;

  public static LatestPriceEvent of(
      TickEvent tick, String category, String market, Double dayOpen) {
    return new LatestPriceEvent(
        VERSION,
        tick.symbol(),
        tick.terminalId(),
        tick.bid(),
        tick.ask(),
        tick.last(),
        tick.timeMsc(),
        tick.digits(),
        category,
        market,
        dayOpen);
  }

  /** The price as a tick (volume unknown). */
  public TickEvent tick() {
    return new TickEvent(TickEvent.VERSION, symbol, terminalId, bid, ask, last, 0, timeMsc, digits);
  }
}
