package com.widgetforge.price.history;

import java.util.Locale;

/** A {@code price.bars} message, version 1 (deploy/asyncapi.yaml, PriceBar). */
public record BarEvent(
    int v,
    String symbol,
    String terminalId,
    String timeframe,
    long time,
    double open,
    double high,
    double low,
    double close,
    long tickVolume,
    int spread,
    long realVolume,
    String state) {

  public static BarEvent of(BarUpdate bar) {
    return new BarEvent(
        1,
        bar.symbol(),
        bar.terminalId(),
        bar.timeframe().name(),
        bar.time(),
        bar.open(),
        bar.high(),
        bar.low(),
        bar.close(),
        bar.tickVolume(),
        bar.spread(),
        bar.realVolume(),
        bar.state().name().toLowerCase(Locale.ROOT));
  }

  /** The Kafka key: per-symbol, per-timeframe order. */
  public String key() {
    return symbol + ":" + timeframe;
  }
}
