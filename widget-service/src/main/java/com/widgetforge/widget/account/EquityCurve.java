package com.widgetforge.widget.account;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.widget.embed.WidgetOptions;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.UUID;

/**
 * An equity-curve widget's options: the {@code accountId} (never sent to a viewer), the {@code
 * range} it draws (1D, 1W, 1M, 3M, 1Y, ALL) and the common look. It shows balance and equity over
 * the range, the maximum drawdown and today's daily-loss limit line; nothing else of the account.
 */
public record EquityCurve(String accountId, EquityRange range, WidgetOptions look) {

  /** The figures above the chart: the same public cards the account widget makes. */
  public static final List<String> FIELDS = List.of("balance", "equity", "drawdown", "dailyLoss");

  public static EquityCurve parse(MultivaluedMap<String, String> options) {
    String accountId = WidgetOptions.option(options, "accountId", "");
    try {
      accountId = UUID.fromString(accountId).toString();
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("accountId must be the id of one of your accounts");
    }
    EquityRange range = EquityRange.parse(WidgetOptions.option(options, "range", ""));
    return new EquityCurve(accountId, range, WidgetOptions.look(options, List.of()));
  }
}
