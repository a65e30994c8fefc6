package com.widgetforge.price.history;

import com.widgetforge.price.terminal.Tick;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds bars of every timeframe from ticks, as MT5 draws them: from the bid, tick volume counted,
 * spread in points of the latest tick. Not thread-safe: one aggregator per terminal, fed from that
 * terminal's poller.
 */
public final class BarAggregator {

  private record Key(String symbol, Timeframe timeframe) {}

  private final Map<Key, BarUpdate> current = new HashMap<>();
  private final java.util.function.Supplier<java.time.ZoneId> zone;

  /** Bars aligned in UTC. */
  public BarAggregator() {
    this(() -> java.time.ZoneOffset.UTC);
  }

  /** Bars aligned on the clock of a trade server in {@code zone} (as the terminal draws them). */
  public BarAggregator(java.util.function.Supplier<java.time.ZoneId> zone) {
    this.zone = zone;
  }

  private final Map<String, Long> newestTick = new HashMap<>();

  /**
   * Folds {@code tick} into the current bar of each timeframe. Returns what changed: for a
   * timeframe whose bar rolled over, the old bar {@code CLOSED} and the new one {@code OPENED};
   * otherwise the bar {@code UPDATED}. A tick older than the symbol's newest is ignored.
   */
  public List<BarUpdate> onTick(String terminalId, Tick tick) {
    Long newest = newestTick.get(tick.symbol());
    if (newest != null && tick.timeMsc() < newest) {
      return List.of();
    }
    newestTick.put(tick.symbol(), tick.timeMsc());
    List<BarUpdate> changes = new ArrayList<>();
    long second = Math.floorDiv(tick.timeMsc(), 1000);
    int spreadPoints = (int) Math.round((tick.ask() - tick.bid()) * Math.pow(10, tick.digits()));
    java.time.ZoneId serverZone = zone.get();
    for (Timeframe timeframe : Timeframe.values()) {
      Key key = new Key(tick.symbol(), timeframe);
      long open = timeframe.openOf(second, serverZone);
      BarUpdate bar = current.get(key);
      BarUpdate next;
      if (bar != null && open < bar.time()) {
        continue;
      }
      if (bar == null || open > bar.time()) {
        if (bar != null) {
          changes.add(bar.with(BarUpdate.State.CLOSED));
        }
        next =
            new BarUpdate(
                tick.symbol(),
                terminalId,
                timeframe,
                open,
                tick.bid(),
                tick.bid(),
                tick.bid(),
                tick.bid(),
                1,
                spreadPoints,
                tick.volume(),
                BarUpdate.State.OPENED);
      } else {
        next =
            new BarUpdate(
                tick.symbol(),
                terminalId,
                timeframe,
                bar.time(),
                bar.open(),
                Math.max(bar.high(), tick.bid()),
                Math.min(bar.low(), tick.bid()),
                tick.bid(),
                bar.tickVolume() + 1,
                spreadPoints,
                bar.realVolume() + tick.volume(),
                BarUpdate.State.UPDATED);
      }
      current.put(key, next);
      changes.add(next);
    }
    return changes;
  }
}
