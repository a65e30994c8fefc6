package com.widgetforge.price.history;

import java.util.Arrays;
import java.util.Optional;

/** MT5 chart timeframes; bars open on multiples of their length since the epoch (UTC). */
public enum Timeframe {
  M1(60),
  M5(300),
  M15(900),
  M30(1800),
  H1(3600),
  H4(14_400),
  D1(86_400);

  private final long seconds;

  Timeframe(long seconds) {
    this.seconds = seconds;
  }

  public long seconds() {
    return seconds;
  }

  /** Open time (epoch seconds) of the bar that contains {@code epochSeconds}. */
  public long openOf(long epochSeconds) {
    return Math.floorDiv(epochSeconds, seconds) * seconds;
  }

  public static Optional<Timeframe> parse(String name) {
    return Arrays.stream(values()).filter(tf -> tf.name().equals(name)).findFirst();
  }
}
