package com.widgetforge.account.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What a provider reports about an account: the three calls of The5ers' read-only API. */
public final class AccountData {

  private AccountData() {}

  /** {@code GET /api/account/{id}/info}. */
  public record Info(
      BigDecimal balance,
      BigDecimal equity,
      BigDecimal margin,
      BigDecimal freeMargin,
      String currency) {}

  /** One entry of {@code GET /api/account/{id}/positions}. */
  public record Position(String symbol, BigDecimal volume, BigDecimal profit, Instant openTime) {}

  /**
   * {@code GET /api/account/{id}/summary}: days with trades so far and, when the firm reports it,
   * the equity at the start of the current trading day.
   */
  public record Summary(int tradingDays, BigDecimal dayStartEquity) {}

  /** Positions as the API returns them. */
  public record Positions(List<Position> positions) {}
}
