package com.widgetforge.account.metrics;

import com.widgetforge.account.provider.AccountData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers a trader and their audience care about, from provider data and the previous snapshot.
 * Loss limits are percentages of the initial balance, as prop programs state them.
 */
public final class AccountMetrics {

  public static final String DAILY_LOSS = "max-daily-loss";
  public static final String TOTAL_LOSS = "max-total-loss";
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** The program rules that matter to the metrics (limits may be null: no such rule). */
  public record Program(
      BigDecimal initialBalance,
      BigDecimal profitTargetPct,
      BigDecimal maxDailyLossPct,
      BigDecimal maxTotalLossPct,
      LocalTime resetTime,
      ZoneId resetZone) {}

  /** What the previous snapshot knew. */
  public record Previous(
      Instant time,
      BigDecimal equity,
      BigDecimal dayStartEquity,
      BigDecimal peakEquity,
      BigDecimal maxDrawdownPct) {}

  /** One snapshot's metrics. */
  public record Result(
      BigDecimal balance,
      BigDecimal equity,
      BigDecimal floatingPnl,
      BigDecimal todayPnl,
      BigDecimal dayStartEquity,
      BigDecimal peakEquity,
      BigDecimal gainPct,
      BigDecimal maxDrawdownPct,
      BigDecimal dailyLossUsedPct,
      BigDecimal totalLossUsedPct,
      BigDecimal profitTargetProgressPct,
      int tradingDays,
      int openPositions,
      List<String> rulesBreached) {}

  private AccountMetrics() {}

  /** The trading day an instant belongs to: days start at the reset time, local to the zone. */
  public static LocalDate tradingDay(Instant at, LocalTime resetTime, ZoneId zone) {
    LocalDateTime local = LocalDateTime.ofInstant(at, zone);
    return local.toLocalTime().isBefore(resetTime)
        ? local.toLocalDate().minusDays(1)
        : local.toLocalDate();
  }

  public static Result compute(
      Program program,
      AccountData.Info info,
      List<AccountData.Position> positions,
      AccountData.Summary summary,
      Previous previous,
      Instant now) {
    BigDecimal initial = program.initialBalance();
    BigDecimal equity = info.equity();
    boolean sameDay =
        previous != null
            && tradingDay(previous.time(), program.resetTime(), program.resetZone())
                .equals(tradingDay(now, program.resetTime(), program.resetZone()));
    BigDecimal dayStart;
    if (summary != null && summary.dayStartEquity() != null) {
      dayStart = summary.dayStartEquity();
    } else if (sameDay) {
      dayStart = previous.dayStartEquity();
    } else if (previous != null) {
      // A new trading day began since the last snapshot: its last equity is the best known
      // equity at the reset.
      dayStart = previous.equity();
    } else {
      dayStart = equity;
    }
    BigDecimal peak = previous == null ? initial.max(equity) : previous.peakEquity().max(equity);
    BigDecimal drawdownNow = pct(peak.subtract(equity), peak);
    BigDecimal maxDrawdown =
        previous == null ? drawdownNow : previous.maxDrawdownPct().max(drawdownNow);
    BigDecimal dailyLoss = pct(dayStart.subtract(equity).max(BigDecimal.ZERO), initial);
    BigDecimal totalLoss = pct(initial.subtract(equity).max(BigDecimal.ZERO), initial);
    BigDecimal progress =
        program.profitTargetPct() == null
            ? null
            : pct(
                equity.subtract(initial),
                initial.multiply(program.profitTargetPct()).divide(HUNDRED));
    List<String> breached = new ArrayList<>();
    if (program.maxDailyLossPct() != null && dailyLoss.compareTo(program.maxDailyLossPct()) >= 0) {
      breached.add(DAILY_LOSS);
    }
    if (program.maxTotalLossPct() != null && totalLoss.compareTo(program.maxTotalLossPct()) >= 0) {
      breached.add(TOTAL_LOSS);
    }
    return new Result(
        money(info.balance()),
        money(equity),
        money(equity.subtract(info.balance())),
        money(equity.subtract(dayStart)),
        money(dayStart),
        money(peak),
        pct(equity.subtract(initial), initial),
        maxDrawdown,
        dailyLoss,
        totalLoss,
        progress,
        summary == null ? 0 : summary.tradingDays(),
        positions == null ? 0 : positions.size(),
        List.copyOf(breached));
  }

  private static BigDecimal pct(BigDecimal part, BigDecimal whole) {
    if (whole.signum() == 0) {
      return BigDecimal.ZERO.setScale(4);
    }
    return part.multiply(HUNDRED).divide(whole, 4, RoundingMode.HALF_UP);
  }

  private static BigDecimal money(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP);
  }
}
