package com.widgetforge.price.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
class HistoryRetentionTest {

  /** 2019-06-01: before any other test's bars. */
  private static final Instant NOW = Instant.parse("2019-06-01T00:00:00Z");

  @Inject BarStore store;
  @Inject HistoryRetention retention;

  private static BarUpdate bar(String symbol, Timeframe timeframe, Instant time) {
    return new BarUpdate(
        symbol,
        "sim-1",
        timeframe,
        time.getEpochSecond(),
        1,
        1,
        1,
        1,
        1,
        1,
        0,
        BarUpdate.State.CLOSED);
  }

  @Inject Pool pool;

  private long stored(String symbol, Timeframe timeframe) {
    return StoredBars.count(pool, symbol, timeframe, Instant.EPOCH, NOW.plusSeconds(1));
  }

  @Test
  void deletesM1BarsAfter30DaysAndKeepsH1BarsForGood() {
    store
        .upsert(
            List.of(
                bar("EURUSD", Timeframe.M1, NOW.minus(Duration.ofDays(31))),
                bar("EURUSD", Timeframe.M1, NOW.minus(Duration.ofDays(29))),
                bar("EURUSD", Timeframe.M15, NOW.minus(Duration.ofDays(366))),
                bar("EURUSD", Timeframe.M15, NOW.minus(Duration.ofDays(300))),
                bar("EURUSD", Timeframe.H1, NOW.minus(Duration.ofDays(3000)))))
        .await()
        .indefinitely();

    long deleted = retention.purge(NOW).await().indefinitely();

    assertTrue(deleted >= 2, "deleted " + deleted);
    assertEquals(1L, stored("EURUSD", Timeframe.M1));
    assertEquals(1L, stored("EURUSD", Timeframe.M15));
    assertEquals(1L, stored("EURUSD", Timeframe.H1));
  }
}
