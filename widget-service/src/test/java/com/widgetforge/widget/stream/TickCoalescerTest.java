package com.widgetforge.widget.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-symbol cap, with a clock the test moves: {@code now} is milliseconds. */
class TickCoalescerTest {

  private static PriceTick tick(String symbol, double bid) {
    return new PriceTick(1, symbol, "sim", bid, bid + 0.0002, 0, 0, 0, 5);
  }

  @Test
  void underTheCapEveryTickGoesOutAtOnce() {
    TickCoalescer cap = new TickCoalescer(4, 4);
    // A symbol ticking at exactly the cap, and one ticking unevenly below it on average.
    for (long now = 0; now < 10_000; now += 250) {
      assertTrue(cap.offer(tick("EURUSD", now), now), "at " + now + " ms");
    }
    long[] uneven = {0, 10, 20, 30, 900, 1_800, 1_810, 1_820, 2_700, 3_600};
    for (long now : uneven) {
      assertTrue(cap.offer(tick("XAUUSD", now), now), "at " + now + " ms");
    }
    assertFalse(cap.hasWaiting());
    assertEquals(List.of(), cap.due(20_000));
  }

  @Test
  void aBurstAfterAQuietSpellGoesOutUpToTheBucketThenWaits() {
    TickCoalescer cap = new TickCoalescer(4, 4);
    for (int i = 0; i < 4; i++) {
      assertTrue(cap.offer(tick("EURUSD", i), 1_000));
    }
    assertFalse(cap.offer(tick("EURUSD", 4), 1_000), "the fifth in the same instant waits");
    assertTrue(cap.hasWaiting());
  }

  @Test
  void aboveTheCapTheNewestTickWinsAndGoesOutWhenATokenIsBack() {
    TickCoalescer cap = new TickCoalescer(4, 1);
    assertTrue(cap.offer(tick("EURUSD", 1), 0));
    assertFalse(cap.offer(tick("EURUSD", 2), 50));
    assertFalse(cap.offer(tick("EURUSD", 3), 100));
    assertFalse(cap.offer(tick("EURUSD", 4), 200));
    assertEquals(List.of(), cap.due(249), "no token yet: 4 per second is one per 250 ms");
    List<PriceTick> due = cap.due(250);
    assertEquals(1, due.size());
    assertEquals(4, due.get(0).bid(), "the newest of the waiting ticks");
    assertFalse(cap.hasWaiting());
    // A tick arriving while another waits never overtakes it.
    assertFalse(cap.offer(tick("EURUSD", 5), 300));
    assertFalse(cap.offer(tick("EURUSD", 6), 600), "the waiting one must go first");
    assertEquals(6, cap.due(600).get(0).bid());
  }

  @Test
  void sustainedFloodIsHeldToTheCap() {
    TickCoalescer cap = new TickCoalescer(4, 4);
    int sent = 0;
    for (long now = 0; now < 10_000; now++) { // a tick every millisecond for 10 s
      if (cap.offer(tick("BTCUSD", now), now)) {
        sent++;
      }
      sent += cap.due(now).size();
    }
    // 4 at the start (the bucket) plus 4 per second after.
    assertTrue(sent <= 4 + 40, sent + " sent");
    assertTrue(sent >= 40, sent + " sent");
  }

  @Test
  void aSlowReaderHoldsAtMostOneTickPerSymbol() {
    TickCoalescer cap = new TickCoalescer(4, 4);
    // Nobody asks for the due ticks: whatever arrives, one per symbol waits.
    for (int i = 0; i < 100_000; i++) {
      cap.offer(tick("S" + (i % 3), i), 5_000);
    }
    List<PriceTick> due = cap.due(1_000_000);
    assertEquals(3, due.size());
    due.forEach(t -> assertTrue(t.bid() >= 100_000 - 3, "the newest of " + t.symbol()));
  }

  @Test
  void aForgottenSymbolLeavesNothingWaiting() {
    TickCoalescer cap = new TickCoalescer(1, 1);
    cap.offer(tick("EURUSD", 1), 0);
    assertFalse(cap.offer(tick("EURUSD", 2), 10));
    cap.forget("EURUSD");
    assertFalse(cap.hasWaiting());
    assertEquals(List.of(), cap.due(10_000));
    assertTrue(cap.offer(tick("EURUSD", 3), 10_000), "a fresh subscription starts full");
  }

  @Test
  void aCapBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TickCoalescer(0, 4));
    assertThrows(IllegalArgumentException.class, () -> new TickCoalescer(4, 0));
  }
}
