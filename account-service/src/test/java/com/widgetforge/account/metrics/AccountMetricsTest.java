package com.widgetforge.account.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.widgetforge.account.metrics.AccountMetrics.Previous;
import com.widgetforge.account.metrics.AccountMetrics.Program;
import com.widgetforge.account.metrics.AccountMetrics.Result;
import com.widgetforge.account.provider.AccountData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountMetricsTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Program PROGRAM =
      new Program(
          new BigDecimal("100000"),
          new BigDecimal("8"),
          new BigDecimal("5"),
          new BigDecimal("10"),
          LocalTime.of(17, 0),
          NEW_YORK);

  private static AccountData.Info info(String balance, String equity) {
    return new AccountData.Info(
        new BigDecimal(balance), new BigDecimal(equity), BigDecimal.ZERO, BigDecimal.ZERO, "USD");
  }

  private static Previous previousOf(Result result, Instant at) {
    return new Previous(
        at, result.equity(), result.dayStartEquity(), result.peakEquity(), result.maxDrawdownPct());
  }

  @Test
  void maxDrawdownIsTheDeepestFallFromAPeak() {
    // 100,000 → 104,000 (peak) → 98,800 → 101,000: deepest fall 5,200 from 104,000 = 5.0000 %.
    Instant t = Instant.parse("2026-03-10T14:00:00Z");
    Previous previous = null;
    Result result = null;
    for (String equity : new String[] {"100000", "104000", "98800", "101000"}) {
      result =
          AccountMetrics.compute(PROGRAM, info("100000", equity), List.of(), null, previous, t);
      previous = previousOf(result, t);
      t = t.plusSeconds(60);
    }
    assertEquals(new BigDecimal("5.0000"), result.maxDrawdownPct());
    assertEquals(new BigDecimal("104000.00"), result.peakEquity());
    assertEquals(new BigDecimal("1.0000"), result.gainPct());
  }

  @Test
  void theTradingDayTurnsAtFivePmNewYorkTimeAcrossDaylightSaving() {
    // 8 March 2026 is the first day of daylight saving: 17:00 New York is 21:00 UTC after it,
    // 22:00 UTC before it.
    LocalTime five = LocalTime.of(17, 0);
    assertEquals(
        LocalDate.of(2026, 3, 8),
        AccountMetrics.tradingDay(Instant.parse("2026-03-09T20:59:00Z"), five, NEW_YORK));
    assertEquals(
        LocalDate.of(2026, 3, 9),
        AccountMetrics.tradingDay(Instant.parse("2026-03-09T21:00:00Z"), five, NEW_YORK));
    assertEquals(
        LocalDate.of(2026, 3, 5),
        AccountMetrics.tradingDay(Instant.parse("2026-03-06T21:30:00Z"), five, NEW_YORK));
    assertEquals(
        LocalDate.of(2026, 3, 6),
        AccountMetrics.tradingDay(Instant.parse("2026-03-06T22:00:00Z"), five, NEW_YORK));
  }

  @Test
  void dailyLossCountsFromTheEquityAtTheResetNotFromMidnightUtc() {
    // 16:59 New York (20:59Z): day started at 101,000, equity 102,000.
    Instant before = Instant.parse("2026-03-09T20:59:00Z");
    Previous previous =
        new Previous(
            before,
            new BigDecimal("102000"),
            new BigDecimal("101000"),
            new BigDecimal("102000"),
            BigDecimal.ZERO.setScale(4));
    // Same day, 16:59:30: still measured from 101,000; equity 100,500 is a 500 loss = 0.5 %.
    Result sameDay =
        AccountMetrics.compute(
            PROGRAM, info("101000", "100500"), List.of(), null, previous, before.plusSeconds(30));
    assertEquals(new BigDecimal("101000.00"), sameDay.dayStartEquity());
    assertEquals(new BigDecimal("0.5000"), sameDay.dailyLossUsedPct());

    // 17:01 New York: a new day starts from the last equity seen, 102,000; equity 96,900 is a
    // 5,100 loss = 5.1 % of the initial balance, over the 5 % limit.
    Result nextDay =
        AccountMetrics.compute(
            PROGRAM,
            info("101000", "96900"),
            List.of(),
            null,
            previous,
            Instant.parse("2026-03-09T21:01:00Z"));
    assertEquals(new BigDecimal("102000.00"), nextDay.dayStartEquity());
    assertEquals(new BigDecimal("-5100.00"), nextDay.todayPnl());
    assertEquals(new BigDecimal("5.1000"), nextDay.dailyLossUsedPct());
    assertEquals(List.of(AccountMetrics.DAILY_LOSS), nextDay.rulesBreached());
  }

  @Test
  void theFirmsOwnDayStartWinsOverOurEstimate() {
    Result result =
        AccountMetrics.compute(
            PROGRAM,
            info("100000", "99000"),
            List.of(),
            new AccountData.Summary(4, new BigDecimal("100200")),
            null,
            Instant.parse("2026-03-09T15:00:00Z"));
    assertEquals(new BigDecimal("1.2000"), result.dailyLossUsedPct());
    assertEquals(4, result.tradingDays());
  }

  @Test
  void profitTargetProgressIsTheShareOfTheTargetProfitMade() {
    // Target 8 % of 100,000 = 8,000; equity 106,000 made 6,000 = 75 %.
    Result result =
        AccountMetrics.compute(
            PROGRAM,
            info("105000", "106000"),
            List.of(),
            null,
            null,
            Instant.parse("2026-03-09T15:00:00Z"));
    assertEquals(new BigDecimal("75.0000"), result.profitTargetProgressPct());
    assertEquals(new BigDecimal("1000.00"), result.floatingPnl());
    Result losing =
        AccountMetrics.compute(
            PROGRAM,
            info("98000", "98000"),
            List.of(),
            null,
            null,
            Instant.parse("2026-03-09T15:00:00Z"));
    assertEquals(new BigDecimal("-25.0000"), losing.profitTargetProgressPct());
    assertEquals(new BigDecimal("2.0000"), losing.totalLossUsedPct());
  }

  @Test
  void totalLossBreachAndNoTargetWhenTheProgramHasNone() {
    Program noTarget =
        new Program(
            new BigDecimal("50000"),
            null,
            null,
            new BigDecimal("10"),
            LocalTime.MIDNIGHT,
            ZoneId.of("UTC"));
    Result result =
        AccountMetrics.compute(
            noTarget,
            info("45000", "44900"),
            List.of(
                new AccountData.Position(
                    "XAUUSD", BigDecimal.ONE, new BigDecimal("-100"), Instant.EPOCH)),
            null,
            null,
            Instant.parse("2026-03-09T15:00:00Z"));
    assertNull(result.profitTargetProgressPct());
    assertEquals(new BigDecimal("10.2000"), result.totalLossUsedPct());
    assertEquals(List.of(AccountMetrics.TOTAL_LOSS), result.rulesBreached());
    assertEquals(1, result.openPositions());
  }
}
