package com.widgetforge.price.tick;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a symbol's {@code price.latest} record must be written again. */
class LatestPublisherTest {

  private static final TickEvent TICK =
      new TickEvent(TickEvent.VERSION, "EURUSD", "sim-1", 1.1, 1.1001, 0, 0, 1_000, 5);

  private static LatestPriceEvent published(long timeMsc, String market, Double dayOpen) {
    return new LatestPriceEvent(
        1, "EURUSD", "sim-1", 1.1, 1.1001, 0, timeMsc, 5, "fx", market, dayOpen);
  }

  @Test
  void aRecordSayingTheSameIsNotWrittenAgain() {
    assertFalse(LatestPublisher.outdated(published(1_000, "open", 1.09), TICK, "open", 1.09));
    assertFalse(LatestPublisher.outdated(published(1_000, "open", null), TICK, "open", null));
  }

  @Test
  void aNewDayOpenIsWrittenThoughThePriceDidNotMove() {
    // the D1 bar rolled over
    assertTrue(LatestPublisher.outdated(published(1_000, "open", 1.09), TICK, "open", 1.1));
    // the open became known, or the day's bar is gone
    assertTrue(LatestPublisher.outdated(published(1_000, "open", null), TICK, "open", 1.09));
    assertTrue(LatestPublisher.outdated(published(1_000, "open", 1.09), TICK, "open", null));
  }

  @Test
  void aNewerTickOrMarketStateIsWritten() {
    assertTrue(LatestPublisher.outdated(published(999, "open", 1.09), TICK, "open", 1.09));
    assertTrue(LatestPublisher.outdated(published(1_000, "closed", 1.09), TICK, "open", 1.09));
    assertTrue(LatestPublisher.outdated(null, TICK, "open", null));
  }
}
