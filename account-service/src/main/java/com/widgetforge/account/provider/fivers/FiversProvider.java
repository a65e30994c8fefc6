package com.widgetforge.account.provider.fivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.account.provider.AccountData;
import com.widgetforge.account.provider.AccountProvider;
import com.widgetforge.account.provider.ProviderAccount;
import com.widgetforge.account.provider.ProviderAudit;
import com.widgetforge.account.provider.ProviderException;
import com.widgetforge.account.provider.RequestGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The5ers' API. Every attempt waits at the {@link RequestGate} (one request per account per 5 s,
 * retries included), is audited, and maps failures: 429 and 5xx, timeouts and refused connections
 * are retried (3 times, exponential backoff with jitter, {@code Retry-After} honoured); 401, 404
 * and malformed JSON are not. One circuit breaker guards the whole provider.
 */
@ApplicationScoped
public class FiversProvider implements AccountProvider {

  public static final String NAME = "fivers";

  private final FiversApi api;
  private final RequestGate gate;
  private final ProviderAudit audit;
  private final ObjectMapper json;
  private final Optional<String> apiKey;

  FiversProvider(
      @RestClient FiversApi api,
      RequestGate gate,
      ProviderAudit audit,
      ObjectMapper json,
      @ConfigProperty(name = "account.fivers.api-key") Optional<String> apiKey) {
    this.api = api;
    this.gate = gate;
    this.audit = audit;
    this.json = json;
    this.apiKey = apiKey;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  @Retry(maxRetries = 3, delay = 1000, jitter = 500, retryOn = ProviderException.Transient.class)
  @org.eclipse.microprofile.faulttolerance.ExponentialBackoff(factor = 2, maxDelay = 30_000)
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.8,
      delay = 30_000,
      failOn = ProviderException.Transient.class)
  public AccountData.Info info(ProviderAccount account) {
    JsonNode body = call(account, "info", api::info);
    return new AccountData.Info(
        decimal(body, "balance"),
        decimal(body, "equity"),
        decimal(body, "margin"),
        decimal(body, "freeMargin"),
        text(body, "currency"));
  }

  @Override
  @Retry(maxRetries = 3, delay = 1000, jitter = 500, retryOn = ProviderException.Transient.class)
  @org.eclipse.microprofile.faulttolerance.ExponentialBackoff(factor = 2, maxDelay = 30_000)
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.8,
      delay = 30_000,
      failOn = ProviderException.Transient.class)
  public AccountData.Positions positions(ProviderAccount account) {
    JsonNode body = call(account, "positions", api::positions);
    JsonNode list = body.isArray() ? body : body.path("positions");
    if (!list.isArray()) {
      throw new ProviderException("fivers positions: no positions array", 200);
    }
    List<AccountData.Position> positions = new ArrayList<>();
    for (JsonNode p : list) {
      positions.add(
          new AccountData.Position(
              text(p, "symbol"),
              decimal(p, "volume"),
              decimal(p, "profit"),
              openTime(p)));
    }
    return new AccountData.Positions(positions);
  }

  @Override
  @Retry(maxRetries = 3, delay = 1000, jitter = 500, retryOn = ProviderException.Transient.class)
  @org.eclipse.microprofile.faulttolerance.ExponentialBackoff(factor = 2, maxDelay = 30_000)
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.8,
      delay = 30_000,
      failOn = ProviderException.Transient.class)
  public AccountData.Summary summary(ProviderAccount account) {
    JsonNode body = call(account, "summary", api::summary);
    return new AccountData.Summary(
        body.path("tradingDays").asInt(0),
        body.hasNonNull("dayStartEquity") ? decimal(body, "dayStartEquity") : null);
  }

  private interface Call {
    String get(String id, String authorization);
  }

  private JsonNode call(ProviderAccount account, String name, Call call) {
    String key =
        apiKey.filter(k -> !k.isBlank())
            .orElseThrow(
                () -> new ProviderException("account.fivers.api-key (FIVERS_API_KEY) is not set", null));
    UUID id = account.id();
    try {
      gate.await(id);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted", null);
    }
    long started = System.nanoTime();
    Function<Void, Long> elapsed = v -> (System.nanoTime() - started) / 1_000_000;
    int attempt = Attempts.next(id, name);
    try {
      String text = call.get(account.providerId(), "Bearer " + key);
      JsonNode body;
      try {
        body = json.readTree(text);
      } catch (Exception e) {
        audit.record(id, NAME, name, attempt, 200, "malformed JSON", elapsed.apply(null));
        Attempts.reset(id, name);
        throw new ProviderException("fivers " + name + ": malformed JSON", 200);
      }
      audit.record(id, NAME, name, attempt, 200, "ok", elapsed.apply(null));
      Attempts.reset(id, name);
      return body;
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      Duration retryAfter = retryAfter(e.getResponse().getHeaderString("Retry-After"));
      audit.record(id, NAME, name, attempt, status, "HTTP " + status, elapsed.apply(null));
      if (status == 429 || status >= 500) {
        if (retryAfter != null) {
          gate.deferBy(id, retryAfter);
        }
        if (attempt > 3) {
          Attempts.reset(id, name);
        }
        throw new ProviderException.Transient("fivers " + name + ": HTTP " + status, status, retryAfter);
      }
      Attempts.reset(id, name);
      throw new ProviderException(
          "fivers " + name + ": HTTP " + status + (status == 401 ? " (API key refused)" : ""), status);
    } catch (ProcessingException e) {
      String what = rootMessage(e);
      audit.record(id, NAME, name, attempt, null, what, elapsed.apply(null));
      if (attempt > 3) {
        Attempts.reset(id, name);
      }
      throw new ProviderException.Transient("fivers " + name + ": " + what, null, null);
    }
  }

  private static Instant openTime(JsonNode position) {
    if (!position.hasNonNull("openTime")) {
      return null;
    }
    try {
      return Instant.parse(position.get("openTime").asText());
    } catch (java.time.format.DateTimeException e) {
      throw new ProviderException("fivers positions: openTime is not an ISO-8601 instant", 200);
    }
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String name = root.getClass().getSimpleName();
    return name.toLowerCase().contains("timeout") ? "timed out" : "connection failed (" + name + ")";
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
