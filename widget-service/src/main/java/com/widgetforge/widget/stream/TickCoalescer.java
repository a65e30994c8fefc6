package com.widgetforge.widget.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection's cap on updates per symbol, as a token bucket per symbol: a tick goes out at once
 * whenever the symbol has a token (so a symbol ticking at or below the cap is never delayed), and
 * only a sustained rate above the cap is coalesced, the newest tick replacing the one waiting. At
 * most one tick per symbol ever waits, so a fast market cannot grow a connection's memory. Time is
 * passed in by the caller, in milliseconds, so the rule can be tested with a clock it controls. Not
 * thread-safe: the owner synchronizes.
 */
final class TickCoalescer {

  /** Tokens and the waiting tick of one symbol; tokens are in thousandths to stay in a long. */
  private static final class Bucket {
    long milliTokens;
    long refilledAtMsc;
    PriceTick waiting;
  }

  private final long ratePerSecond;
  private final long capacityMilli;
  private final Map<String, Bucket> buckets = new HashMap<>(4);
  private int waitingCount;

  /**
   * @param ratePerSecond the sustained updates per symbol per second
   * @param burst how many updates may go out back to back after a quiet spell (at least 1)
   */
  TickCoalescer(int ratePerSecond, int burst) {
    if (ratePerSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be at least 1");
    }
    this.ratePerSecond = ratePerSecond;
    this.capacityMilli = burst * 1000L;
  }

  /** Whether {@code tick} goes out now; if not, it is kept as its symbol's newest waiting tick. */
  boolean offer(PriceTick tick, long nowMsc) {
    Bucket bucket = buckets.get(tick.symbol());
    if (bucket == null) {
      bucket = new Bucket();
      bucket.milliTokens = capacityMilli;
      bucket.refilledAtMsc = nowMsc;
      buckets.put(tick.symbol(), bucket);
    }
    refill(bucket, nowMsc);
    if (bucket.waiting == null && bucket.milliTokens >= 1000) {
      bucket.milliTokens -= 1000;
      return true;
    }
    if (bucket.waiting == null) {
      waitingCount++;
    }
    bucket.waiting = tick; // the newest wins
    return false;
  }

  /** The waiting ticks whose symbol has a token again, taken out of waiting. */
  List<PriceTick> due(long nowMsc) {
    if (waitingCount == 0) {
      return List.of();
    }
    List<PriceTick> due = new ArrayList<>(waitingCount);
    for (Bucket bucket : buckets.values()) {
      if (bucket.waiting == null) {
        continue;
      }
      refill(bucket, nowMsc);
      if (bucket.milliTokens >= 1000) {
        bucket.milliTokens -= 1000;
        due.add(bucket.waiting);
        bucket.waiting = null;
        waitingCount--;
      }
    }
    return due;
  }

  boolean hasWaiting() {
    return waitingCount > 0;
  }

  /** Drops {@code symbol}'s state (unsubscribed): nothing of it is sent later. */
  void forget(String symbol) {
    Bucket bucket = buckets.remove(symbol);
    if (bucket != null && bucket.waiting != null) {
      waitingCount--;
    }
  }

  private void refill(Bucket bucket, long nowMsc) {
    long elapsed = nowMsc - bucket.refilledAtMsc;
    if (elapsed > 0) {
      // ratePerSecond tokens per 1000 ms = ratePerSecond milli-tokens per ms.
      bucket.milliTokens = Math.min(capacityMilli, bucket.milliTokens + elapsed * ratePerSecond);
      bucket.refilledAtMsc = nowMsc;
    }
  }
}
