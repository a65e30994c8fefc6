package com.widgetforge.account.account;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A new account, or the fields of a change (null = unchanged). {@code investorPassword} is
 * write-only: stored encrypted, never returned.
 */
public record AccountRequest(
    UUID ownerId,
    String platform,
    Long login,
    String server,
    String label,
    String provider,
    String firm,
    String providerAccountId,
    String investorPassword,
    BigDecimal initialBalance,
    String currency,
    BigDecimal profitTargetPct,
    BigDecimal maxDailyLossPct,
    BigDecimal maxTotalLossPct,
    Integer minTradingDays,
    String dailyResetTime,
    String dailyResetZone,
    Boolean polling) {

  Rules rules() {
    return new Rules(
        profitTargetPct,
        maxDailyLossPct,
        maxTotalLossPct,
        minTradingDays,
        dailyResetTime,
        dailyResetZone);
  }
}
