package com.widgetforge.price.history;

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
    long realVolume) {}
