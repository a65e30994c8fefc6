package com.widgetforge.price.history;

import com.widgetforge.price.terminal.Rate;
import java.math.BigDecimal;
import java.time.Instant;

/** A stored bar read for the history API (a projection of {@link Bar}). */
public record BarRow(
    Instant time,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    long tickVolume,
    int spread,
    long realVolume) {

  /** As the API and the terminals give bars: MT5 field names, time in epoch seconds. */
  public Rate toRate() {
    return new Rate(
        time.getEpochSecond(),
        open.doubleValue(),
        high.doubleValue(),
        low.doubleValue(),
        close.doubleValue(),
        tickVolume,
        spread,
        realVolume);
  }
}
