package com.widgetforge.price.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.widgetforge.price.terminal.Tick;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarAggregatorTest {

  /** 2026-01-05 10:00:00 UTC, a Monday. */
  private static final long T0 = 1_767_607_200_000L;

  private final BarAggregator aggregator = new BarAggregator();

  private static Tick tick(long offsetMs, double bid) {
    return new Tick("EURUSD", bid, bid + 0.00012, 0, 0, T0 + offsetMs, 5);
  }

  private static BarUpdate only(
      List<BarUpdate> changes, Timeframe timeframe, BarUpdate.State state) {
    return changes.stream()
        .filter(bar -> bar.timeframe() == timeframe && bar.state() == state)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + state + " " + timeframe + " in " + changes));
  }

  @Test
  void theFirstTickOpensABarInEveryTimeframe() {
    List<BarUpdate> changes = aggregator.onTick("t", tick(0, 1.085));
    assertEquals(7, changes.size());
    changes.forEach(bar -> assertEquals(BarUpdate.State.OPENED, bar.state()));
    BarUpdate m1 = only(changes, Timeframe.M1, BarUpdate.State.OPENED);
    assertEquals(T0 / 1000, m1.time());
    assertEquals(1.085, m1.open());
    assertEquals(12, m1.spread());
    assertEquals(1, m1.tickVolume());
  }

  @Test
  void ticksWithinABarMoveItsHighLowAndClose() {
    aggregator.onTick("t", tick(0, 1.0850));
    aggregator.onTick("t", tick(10_000, 1.0860));
    List<BarUpdate> changes = aggregator.onTick("t", tick(20_000, 1.0840));
    BarUpdate m1 = only(changes, Timeframe.M1, BarUpdate.State.UPDATED);
    assertEquals(1.0850, m1.open());
    assertEquals(1.0860, m1.high());
    assertEquals(1.0840, m1.low());
    assertEquals(1.0840, m1.close());
    assertEquals(3, m1.tickVolume());
  }

  @Test
  void aTickInTheNextMinuteClosesTheM1BarAndOpensAnother() {
    aggregator.onTick("t", tick(0, 1.0850));
    aggregator.onTick("t", tick(59_999, 1.0855));
    List<BarUpdate> changes = aggregator.onTick("t", tick(60_000, 1.0851));
    BarUpdate closed = only(changes, Timeframe.M1, BarUpdate.State.CLOSED);
    assertEquals(T0 / 1000, closed.time());
    assertEquals(1.0855, closed.close());
    BarUpdate opened = only(changes, Timeframe.M1, BarUpdate.State.OPENED);
    assertEquals(T0 / 1000 + 60, opened.time());
    assertEquals(1.0851, opened.open());
    assertEquals(
        BarUpdate.State.UPDATED, only(changes, Timeframe.M5, BarUpdate.State.UPDATED).state());
  }

  @Test
  void barsOpenOnTheirTimeframesBoundaries() {
    List<BarUpdate> changes = aggregator.onTick("t", tick(3 * 3600_000 + 17 * 60_000 + 5_000, 1.0));
    long second = (T0 + 3 * 3600_000 + 17 * 60_000 + 5_000) / 1000;
    assertEquals(second - 5, only(changes, Timeframe.M1, BarUpdate.State.OPENED).time());
    assertEquals(second - 2 * 60 - 5, only(changes, Timeframe.M5, BarUpdate.State.OPENED).time());
    assertEquals(second - 2 * 60 - 5, only(changes, Timeframe.M15, BarUpdate.State.OPENED).time());
    assertEquals(second - 17 * 60 - 5, only(changes, Timeframe.H1, BarUpdate.State.OPENED).time());
    assertEquals(T0 / 1000 + 2 * 3600, only(changes, Timeframe.H4, BarUpdate.State.OPENED).time());
    assertEquals(T0 / 1000 - 10 * 3600, only(changes, Timeframe.D1, BarUpdate.State.OPENED).time());
  }

  @Test
  void aLateTickChangesNoTimeframe() {
    aggregator.onTick("t", tick(60_000, 1.0850));
    assertEquals(List.of(), aggregator.onTick("t", tick(1_000, 1.2000)));
    BarUpdate m5 =
        only(aggregator.onTick("t", tick(61_000, 1.0851)), Timeframe.M5, BarUpdate.State.UPDATED);
    assertEquals(1.0851, m5.high(), "the late tick must not have raised the M5 high");
  }

  @Test
  void symbolsHaveBarsOfTheirOwn() {
    aggregator.onTick("t", tick(0, 1.085));
    List<BarUpdate> gold =
        aggregator.onTick("t", new Tick("XAUUSD", 2650.10, 2650.35, 0, 0, T0 + 1000, 2));
    BarUpdate m1 = only(gold, Timeframe.M1, BarUpdate.State.OPENED);
    assertEquals("XAUUSD", m1.symbol());
    assertEquals(25, m1.spread());
  }
}
