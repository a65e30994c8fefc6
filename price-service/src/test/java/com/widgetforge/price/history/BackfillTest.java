package com.widgetforge.price.history;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.price.terminal.TerminalRegistry;
import com.widgetforge.price.terminal.TerminalState;
import com.widgetforge.price.terminal.simulated.SimulatedQuoteSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
class BackfillTest {

  @Inject Pool pool;
  @Inject TerminalRegistry terminals;
  @Inject BarStore store;

  private long bars(String symbol, Timeframe timeframe, long fromSeconds, long toSeconds) {
    return StoredBars.count(
        pool,
        symbol,
        timeframe,
        Instant.ofEpochSecond(fromSeconds),
        Instant.ofEpochSecond(toSeconds));
  }

  /** Waits for the {@code expected} backfilled bars of [from, to), then deletes them. */
  private void makeGap(String symbol, Timeframe timeframe, long from, long to, long expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> bars(symbol, timeframe, from, to) == expected);
    pool.preparedQuery(
            "delete from bar where symbol = $1 and timeframe = $2 and time >= $3 and time < $4")
        .execute(
            Tuple.of(
                symbol,
                timeframe.name(),
                OffsetDateTime.ofInstant(Instant.ofEpochSecond(from), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(Instant.ofEpochSecond(to), ZoneOffset.UTC)))
        .await()
        .indefinitely();
    assertEquals(0, bars(symbol, timeframe, from, to));
  }

  @Test
  void aFirstStartReadsHistoryFromTheTerminal() {
    long current = Timeframe.M15.openOf(System.currentTimeMillis() / 1000);
    // backfill-bars is 100 in tests: 25 hours of M15 before the current bar.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> bars("EURUSD", Timeframe.M15, current - 86_400, current) == 96);
  }

  @Test
  void aGapLeftByDowntimeIsFilledOnReconnect() {
    long current = Timeframe.M5.openOf(System.currentTimeMillis() / 1000);
    long gapStart = current - 2 * 3600;
    // Downtime: the last two hours of completed bars never got written.
    makeGap("XAUUSD", Timeframe.M5, gapStart, current, 24);

    SimulatedQuoteSource.Faults faults =
        ((SimulatedQuoteSource) terminals.poller("sim-1").orElseThrow().source()).faults();
    faults.fail("terminal restarted");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                terminals.poller("sim-1").orElseThrow().status().state()
                    == TerminalState.DISCONNECTED);
    faults.heal();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> bars("XAUUSD", Timeframe.M5, gapStart, current) >= 23);
  }

  @Test
  void aFailedHistoryReadIsTriedAgainWithoutWaitingForAReconnect() {
    long current = Timeframe.M15.openOf(System.currentTimeMillis() / 1000);
    long gapStart = current - 3 * 3600;
    makeGap("BTCUSD", Timeframe.M15, gapStart, current, 12);

    var poller = terminals.poller("sim-1").orElseThrow();
    SimulatedQuoteSource.Faults faults = ((SimulatedQuoteSource) poller.source()).faults();
    // The terminal reconnects, and its history reads fail while its polls answer.
    faults.failHistory("history not downloaded yet");
    try {
      faults.fail("terminal restarted");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> poller.status().state() == TerminalState.DISCONNECTED);
      faults.heal();
      // From here on only history reads fail.
      int failedBefore = faults.failedCalls();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> poller.status().state() == TerminalState.CONNECTED);
      long connectedSince = poller.status().sinceMsc();
      // Tried, and tried again: not given up after the first failure.
      await().atMost(Duration.ofSeconds(15)).until(() -> faults.failedCalls() >= failedBefore + 2);
      assertEquals(0, bars("BTCUSD", Timeframe.M15, gapStart, current), "nothing read yet");

      faults.healHistory();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> bars("BTCUSD", Timeframe.M15, gapStart, current) == 12);
      // Filled on the same connection: the terminal never dropped.
      assertEquals(TerminalState.CONNECTED, poller.status().state());
      assertEquals(connectedSince, poller.status().sinceMsc());
    } finally {
      faults.heal();
      faults.healHistory();
    }
  }

  @Test
  void theCurrentBarOfATradeServerAheadOfUtcIsNotTakenForACompletedOne() {
    // Noon UTC: an EET server's day opened at 22:00 UTC yesterday and is still running.
    long noon = Instant.parse("2026-11-30T12:00:00Z").getEpochSecond();
    long today = Instant.parse("2026-11-29T22:00:00Z").getEpochSecond();
    long yesterday = today - 86_400;
    LongFunction<BarUpdate> dayBar =
        open ->
            new BarUpdate(
                "ZONECHECK",
                "sim-1",
                Timeframe.D1,
                open,
                1,
                1,
                1,
                1,
                1,
                0,
                0,
                BarUpdate.State.CLOSED);
    store.upsert(List.of(dayBar.apply(yesterday), dayBar.apply(today))).await().indefinitely();

    ZoneId eet = ZoneId.of("EET");
    assertEquals(today, Timeframe.D1.openOf(noon, eet));
    assertEquals(
        yesterday,
        store
            .lastCompletedBars(List.of("ZONECHECK"), noon, eet)
            .await()
            .indefinitely()
            .get("ZONECHECK:D1"));
  }
}
