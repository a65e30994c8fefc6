package com.widgetforge.price.terminal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter between reconnection attempts, from a floor to a ceiling. */
final class Backoff {

  private final long floorNanos;
  private final long ceilingNanos;
  private int failures;

  Backoff(Duration floor, Duration ceiling) {
    this.floorNanos = floor.toNanos();
    this.ceilingNanos = Math.max(floor.toNanos(), ceiling.toNanos());
  }

  /** The wait before the next attempt, after one more failure: doubling, ±20 %, capped. */
  long nextDelayNanos() {
    int exponent = Math.min(failures++, 30);
    long delay = Math.min(ceilingNanos, floorNanos << exponent);
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Math.min(ceilingNanos, (long) (delay * jitter));
  }

  /** The longest wait, for a failure that retrying soon will not mend. */
  long longestNanos() {
    failures++;
    return ceilingNanos;
  }

  void reset() {
    failures = 0;
  }
}
