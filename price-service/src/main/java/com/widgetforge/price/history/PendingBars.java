package com.widgetforge.price.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bar changes waiting to be written: one entry per (symbol, timeframe, open time), in its most
 * telling state (closed, else opened, else updated) with its latest values. Bars that could not be
 * written go back in, so a database outage loses none of them, up to {@code capacity} entries:
 * beyond it, the bars that closed longest ago are dropped (the terminal's next connection backfills
 * them); a bar still open is dropped last, and its next tick brings it back whole.
 */
final class PendingBars {

  private record Key(String symbol, Timeframe timeframe, long time) {
    long closesAt() {
      return time + timeframe.seconds();
    }
  }

  private final int capacity;
  private Map<Key, BarUpdate> pending = new HashMap<>();
  private long dropped;

  PendingBars(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("price.history.max-pending-bars must be at least 1");
    }
    this.capacity = capacity;
  }

  /** Takes the changes of one tick. */
  synchronized void offer(List<BarUpdate> changes) {
    for (BarUpdate change : changes) {
      pending.merge(
          keyOf(change), change, (earlier, later) -> newerWithHigherState(later, earlier));
    }
    trim();
  }

  /** Puts back bars that could not be written, unless a newer state of them is waiting. */
  synchronized void requeue(List<BarUpdate> bars) {
    for (BarUpdate bar : bars) {
      // The pending one is newer; it keeps its values but not a lesser state than the failed.
      pending.merge(keyOf(bar), bar, PendingBars::newerWithHigherState);
    }
    trim();
  }

  /** {@code newer}'s values, with the higher of the two states (a bar never goes back a state). */
  private static BarUpdate newerWithHigherState(BarUpdate newer, BarUpdate older) {
    return rank(older.state()) > rank(newer.state()) ? newer.with(older.state()) : newer;
  }

  /** Everything waiting, which is no longer kept here. */
  synchronized List<BarUpdate> drain() {
    List<BarUpdate> bars = new ArrayList<>(pending.values());
    pending = new HashMap<>();
    return bars;
  }

  synchronized int size() {
    return pending.size();
  }

  /** How many bars were dropped for want of room since the last call. */
  synchronized long takeDropped() {
    long count = dropped;
    dropped = 0;
    return count;
  }

  /**
   * Over capacity, drops down to 90 % of it at once, so that a long outage sorts the entries once
   * per tenth of the capacity rather than on every tick.
   */
  private void trim() {
    if (pending.size() <= capacity) {
      return;
    }
    int excess = pending.size() - Math.max(1, capacity * 9 / 10);
    List<Key> oldest =
        pending.keySet().stream()
            .sorted(Comparator.comparingLong(Key::closesAt))
            .limit(excess)
            .toList();
    oldest.forEach(pending::remove);
    dropped += oldest.size();
  }

  private static Key keyOf(BarUpdate bar) {
    return new Key(bar.symbol(), bar.timeframe(), bar.time());
  }

  private static int rank(BarUpdate.State state) {
    return switch (state) {
      case CLOSED -> 2;
      case OPENED -> 1;
      case UPDATED -> 0;
    };
  }
}
