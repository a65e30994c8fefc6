package com.widgetforge.price.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingBarsTest {

  /** 2026-01-05 10:00:00 UTC. */
  private static final long T0 = 1_767_607_200L;

  private static BarUpdate m1(long minute, double close, BarUpdate.State state) {
    return new BarUpdate(
        "EURUSD", "t", Timeframe.M1, T0 + minute * 60, 1.08, 1.09, 1.07, close, 3, 12, 0, state);
  }

  @Test
  void aBarKeepsItsMostTellingStateWithItsLatestValues() {
    PendingBars pending = new PendingBars(100);
    pending.offer(List.of(m1(0, 1.081, BarUpdate.State.OPENED)));
    pending.offer(List.of(m1(0, 1.082, BarUpdate.State.UPDATED)));
    List<BarUpdate> drained = pending.drain();
    assertEquals(List.of(m1(0, 1.082, BarUpdate.State.OPENED)), drained);
    assertEquals(0, pending.size());
  }

  @Test
  void barsThatCouldNotBeWrittenComeBackWithoutOverwritingNewerValues() {
    PendingBars pending = new PendingBars(100);
    pending.offer(
        List.of(m1(0, 1.081, BarUpdate.State.CLOSED), m1(1, 1.083, BarUpdate.State.OPENED)));
    List<BarUpdate> failed = pending.drain();
    // While the write failed, the open bar moved on.
    pending.offer(List.of(m1(1, 1.084, BarUpdate.State.UPDATED)));
    pending.requeue(failed);
    List<BarUpdate> next = new ArrayList<>(pending.drain());
    next.sort((a, b) -> Long.compare(a.time(), b.time()));
    assertEquals(
        List.of(m1(0, 1.081, BarUpdate.State.CLOSED), m1(1, 1.084, BarUpdate.State.OPENED)), next);
  }

  @Test
  void beyondItsCapacityTheBarsThatClosedLongestAgoGoFirst() {
    PendingBars pending = new PendingBars(10);
    // The current D1 bar opened long before these minutes but closes after all of them.
    BarUpdate day =
        new BarUpdate(
            "EURUSD",
            "t",
            Timeframe.D1,
            T0 - 36_000,
            1.08,
            1.09,
            1.07,
            1.08,
            9,
            12,
            0,
            BarUpdate.State.UPDATED);
    pending.offer(List.of(day));
    for (int minute = 0; minute < 10; minute++) {
      pending.offer(List.of(m1(minute, 1.08, BarUpdate.State.CLOSED)));
    }
    // 11 > 10: down to 9, the two oldest minutes dropped.
    assertEquals(9, pending.size());
    assertEquals(2, pending.takeDropped());
    assertEquals(0, pending.takeDropped());
    List<BarUpdate> kept = pending.drain();
    assertTrue(kept.contains(day), "the open D1 bar was dropped: " + kept);
    assertTrue(
        kept.stream()
            .filter(bar -> bar.timeframe() == Timeframe.M1)
            .allMatch(bar -> bar.time() >= T0 + 120),
        kept.toString());
  }
}
