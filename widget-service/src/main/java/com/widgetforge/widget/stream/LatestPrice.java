package com.widgetforge.widget.stream;

/**
 * A record of {@code price.latest} (deploy/asyncapi.yaml, LatestPrice v1): a symbol's latest price,
 * whether its market is open, and the open of its day (null until price-service knows it).
 */
record LatestPrice(
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

  /** The price as a tick, the form the store and browsers know. */
  PriceTick tick() {
    return new PriceTick(v, symbol, terminalId, bid, ask, last, 0, timeMsc, digits);
  }
}
