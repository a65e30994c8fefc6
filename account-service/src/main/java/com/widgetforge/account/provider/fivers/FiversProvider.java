package com.widgetforge.account.provider.fivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.widgetforge.account.provider.AccountData;
import com.widgetforge.account.provider.AccountProvider;
import com.widgetforge.account.provider.ProviderAccount;
import com.widgetforge.account.provider.ProviderException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The5ers' API as account data: {@link FiversCalls} makes the requests (manners, retries, circuit
 * breaker, audit); this class reads their answers, refusing any that lack a field it needs.
 */
@ApplicationScoped
public class FiversProvider implements AccountProvider {

  public static final String NAME = "fivers";

  private final FiversCalls calls;

  FiversProvider(FiversCalls calls) {
    this.calls = calls;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AccountData.Info info(ProviderAccount account) {
    JsonNode body = calls.call(account, "info");
    return new AccountData.Info(
        decimal(body, "balance"),
        decimal(body, "equity"),
        decimal(body, "margin"),
        decimal(body, "freeMargin"),
        text(body, "currency"));
  }

  @Override
  public AccountData.Positions positions(ProviderAccount account) {
    JsonNode body = calls.call(account, "positions");
    JsonNode list = body.isArray() ? body : body.path("positions");
    if (!list.isArray()) {
      throw new ProviderException("fivers positions: no positions array", 200);
    }
    List<AccountData.Position> positions = new ArrayList<>();
    for (JsonNode p : list) {
      positions.add(
          new AccountData.Position(
              text(p, "symbol"), decimal(p, "volume"), decimal(p, "profit"), openTime(p)));
    }
    return new AccountData.Positions(positions);
  }

  @Override
  public AccountData.Summary summary(ProviderAccount account) {
    JsonNode body = calls.call(account, "summary");
    return new AccountData.Summary(
        body.path("tradingDays").asInt(0),
        body.hasNonNull("dayStartEquity") ? decimal(body, "dayStartEquity") : null);
  }

  private static Instant openTime(JsonNode position) {
    if (!position.hasNonNull("openTime")) {
      return null;
    }
    try {
      return Instant.parse(position.get("openTime").asText());
    } catch (java.time.DateTimeException e) {
      throw new ProviderException("fivers positions: openTime is not an ISO-8601 instant", 200);
    }
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw new ProviderException("fivers: field " + field + " missing or not a number", 200);
    }
    return value.decimalValue();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new ProviderException("fivers: field " + field + " missing or not text", 200);
    }
    return value.asText();
  }
}
