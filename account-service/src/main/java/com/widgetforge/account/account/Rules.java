package com.widgetforge.account.account;

import com.widgetforge.kit.problem.ApiProblem;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A prop program's rules: profit target, daily and total loss limits (percent of the initial
 * balance), minimum trading days, and when the trading day resets (local time in a zone).
 */
public record Rules(
    BigDecimal profitTargetPct,
    BigDecimal maxDailyLossPct,
    BigDecimal maxTotalLossPct,
    Integer minTradingDays,
    String dailyResetTime,
    String dailyResetZone) {

  /** The program defaults when a field is left out. */
  public Rules withDefaults() {
    return new Rules(
        profitTargetPct,
        maxDailyLossPct,
        maxTotalLossPct,
        minTradingDays,
        dailyResetTime == null ? "00:00" : dailyResetTime,
        dailyResetZone == null ? "UTC" : dailyResetZone);
  }

  /** Throws a 400 naming the first field out of range. */
  public Rules validated() {
    percent("profitTargetPct", profitTargetPct);
    percent("maxDailyLossPct", maxDailyLossPct);
    percent("maxTotalLossPct", maxTotalLossPct);
    if (minTradingDays != null && (minTradingDays < 0 || minTradingDays > 365)) {
      throw ApiProblem.badRequest("minTradingDays must be 0 to 365");
    }
    resetTime();
    resetZone();
    return this;
  }

  public LocalTime resetTime() {
    try {
      if (dailyResetTime == null || !dailyResetTime.matches("[0-2][0-9]:[0-5][0-9]")) {
        throw new DateTimeParseException("", "", 0);
      }
      return LocalTime.parse(dailyResetTime);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("dailyResetTime must be HH:MM, e.g. 17:00");
    }
  }

  public ZoneId resetZone() {
    try {
      return ZoneId.of(dailyResetZone);
    } catch (DateTimeException | NullPointerException e) {
      throw ApiProblem.badRequest("dailyResetZone must be a time zone such as America/New_York");
    }
  }

  private static void percent(String name, BigDecimal value) {
    if (value != null
        && (value.signum() <= 0
            || value.compareTo(BigDecimal.valueOf(100)) > 0
            || value.scale() > 2)) {
      throw ApiProblem.badRequest(name + " must be a percentage above 0 and at most 100");
    }
  }

  static Rules of(TradingAccount account) {
    return new Rules(
        account.profitTargetPct,
        account.maxDailyLossPct,
        account.maxTotalLossPct,
        account.minTradingDays,
        account.dailyResetTime,
        account.dailyResetZone);
  }
}
