package com.widgetforge.price.history;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Optional;

/**
 * MT5 chart timeframes. Bars open on multiples of their length on the trade server's clock (MT5
 * draws them so): in UTC for WidgetForge's simulator, at 00:00 server time for a D1 bar of a broker
 * on EET, which is 22:00 or 21:00 UTC.
 */
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

  /** Open time (epoch seconds) of the bar that contains {@code epochSeconds}, aligned in UTC. */
  public long openOf(long epochSeconds) {
    return Math.floorDiv(epochSeconds, seconds) * seconds;
  }

  /**
   * Open time (UTC epoch seconds) of the bar that contains {@code epochSeconds} on a server in
   * {@code zone}: the bar opens on a multiple of its length of the server's wall clock.
   */
  public long openOf(long epochSeconds, ZoneId zone) {
    ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochSecond(epochSeconds));
    if (offset.getTotalSeconds() % seconds == 0) {
      return openOf(epochSeconds);
    }
    long localOpen = openOf(epochSeconds + offset.getTotalSeconds());
    return ZonedDateTime.ofLocal(
            LocalDateTime.ofEpochSecond(localOpen, 0, ZoneOffset.UTC), zone, offset)
        .toEpochSecond();
  }

  public static Optional<Timeframe> parse(String name) {
    return Arrays.stream(values()).filter(tf -> tf.name().equals(name)).findFirst();
  }
}
