package com.widgetforge.account.provider.fivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.widgetforge.account.provider.AccountData;
import com.widgetforge.account.provider.AccountProvider;
import com.widgetforge.account.provider.ProviderAccount;
import com.widgetforge.account.provider.ProviderException;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The5ers' API as account data: {@link FiversCalls} makes the requests (manners, retries, circuit
 * breaker, audit); this class reads their answers, refusing any that lack a field it needs.
 *
 * <p>The reading is tolerant where the API's spelling may vary and the meaning cannot: every field
 * is found in camelCase ({@code freeMargin}) or snake_case ({@code free_margin}), a number may come
 * as a JSON number or a numeric string, and an open time as an ISO-8601 instant or epoch seconds.
 */
@ApplicationScoped
public class FiversProvider implements AccountProvider {

  public static final String NAME = "fivers";

  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private final FiversCalls calls;
  private final CircuitBreakerMaintenance circuits;

  FiversProvider(FiversCalls calls, CircuitBreakerMaintenance circuits) {
    this.calls = calls;
    this.circuits = circuits;
  }

  @Override
  public boolean circuitOpen() {
    return circuits.currentState(FiversCalls.CIRCUIT) == CircuitBreakerState.OPEN;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AccountData.Info info(ProviderAccount account) {
    JsonNode body = calls.call(account, "info");
    // Balance and equity drive every metric; margin, free margin and currency none (the account's
    // own currency stands in): a snapshot is never lost for want of them.
    return new AccountData.Info(
        decimal(body, "balance"),
        decimal(body, "equity"),
        optionalDecimal(body, "margin"),
        optionalDecimal(body, "freeMargin"),
        optionalText(body, "currency"));
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
        field(body, "tradingDays") == null ? 0 : decimal(body, "tradingDays").intValue(),
        field(body, "dayStartEquity") == null ? null : decimal(body, "dayStartEquity"));
  }

  private static Instant openTime(JsonNode position) {
    JsonNode value = field(position, "openTime");
    if (value == null) {
      return null;
    }
    try {
      return value.isIntegralNumber()
          ? Instant.ofEpochSecond(value.longValue())
          : Instant.parse(value.asText());
    } catch (java.time.DateTimeException e) {
      throw new ProviderException(
          "fivers positions: openTime is neither an ISO-8601 instant nor epoch seconds", 200);
    }
  }

  /** The non-null value of {@code camelCase} or of its snake_case spelling, else null. */
  private static JsonNode field(JsonNode node, String camelCase) {
    JsonNode value = node.get(camelCase);
    if (value == null || value.isNull()) {
      value = node.get(SNAKE_CASE.translate(camelCase));
    }
    return value == null || value.isNull() ? null : value;
  }

  private static BigDecimal decimal(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (value != null && value.isNumber()) {
      return value.decimalValue();
    }
    if (value != null && value.isTextual()) {
      try {
        return new BigDecimal(value.asText().strip());
      } catch (NumberFormatException notANumber) {
        // reported below
      }
    }
    throw new ProviderException("fivers: field " + name + " missing or not a number", 200);
  }

  private static BigDecimal optionalDecimal(JsonNode node, String name) {
    try {
      return field(node, name) == null ? null : decimal(node, name);
    } catch (ProviderException notANumber) {
      return null;
    }
  }

  private static String optionalText(JsonNode node, String name) {
    JsonNode value = field(node, name);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (value == null || !value.isTextual()) {
      throw new ProviderException("fivers: field " + name + " missing or not text", 200);
    }
    return value.asText();
  }
}
