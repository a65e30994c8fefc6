package com.widgetforge.account.provider.fivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.account.AccountConfig;
import com.widgetforge.account.provider.ProviderAccount;
import com.widgetforge.account.provider.ProviderAudit;
import com.widgetforge.account.provider.ProviderException;
import com.widgetforge.account.provider.RequestGate;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Requests to The5ers' API. Every attempt waits at the {@link RequestGate} (one request per account
 * per 5 s, retries included) and is audited. 429 and 5xx, timeouts and refused connections are
 * retried 3 times with exponential backoff and jitter, never before a {@code Retry-After}; 401, 404
 * and malformed JSON are not. One circuit breaker guards the provider: it opens when most recent
 * calls, of any kind, failed transiently.
 */
@ApplicationScoped
public class FiversCalls {

  /** The name of the circuit breaker that guards The5ers' API (CircuitBreakerMaintenance). */
  public static final String CIRCUIT = "fivers";

  /** A longer {@code Retry-After} ends the call; the poller retries when the gate opens. */
  static final Duration LONGEST_WAIT_IN_A_RETRY = Duration.ofSeconds(15);

  private final FiversApi api;
  private final RequestGate gate;
  private final ProviderAudit audit;
  private final ObjectMapper json;
  private final Optional<String> apiKey;

  FiversCalls(
      @RestClient FiversApi api,
      RequestGate gate,
      ProviderAudit audit,
      ObjectMapper json,
      AccountConfig config) {
    this.api = api;
    this.gate = gate;
    this.audit = audit;
    this.json = json;
    this.apiKey = config.fivers().apiKey();
  }

  /** {@code name}: info, positions or summary. */
  @Retry(maxRetries = 3, delay = 1000, jitter = 500, retryOn = ProviderException.Transient.class)
  @ExponentialBackoff(factor = 2, maxDelay = 30_000)
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.8,
      delay = 30_000,
      failOn = ProviderException.Transient.class)
  @CircuitBreakerName(CIRCUIT)
  public JsonNode call(ProviderAccount account, String name) {
    return switch (name) {
      case "info" -> call(account, name, api::info);
      case "positions" -> call(account, name, api::positions);
      case "summary" -> call(account, name, api::summary);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private interface Call {
    String get(String id, String authorization);
  }

  private JsonNode call(ProviderAccount account, String name, Call call) {
    String key =
        apiKey
            .filter(k -> !k.isBlank())
            .orElseThrow(
                () ->
                    new ProviderException(
                        "account.fivers.api-key (FIVERS_API_KEY) is not set", null));
    UUID id = account.id();
    String gateKey = account.gateKey();
    try {
      gate.await(gateKey);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted", null);
    }
    long started = System.nanoTime();
    LongSupplier elapsed = () -> (System.nanoTime() - started) / 1_000_000;
    int attempt = Attempts.next(id, name);
    try {
      String text;
      try {
        text = call.get(account.providerId(), "Bearer " + key);
      } finally {
        gate.finished(gateKey);
      }
      JsonNode body;
      try {
        body = json.readTree(text);
      } catch (Exception e) {
        audit.record(
            id, FiversProvider.NAME, name, attempt, 200, "malformed JSON", elapsed.getAsLong());
        Attempts.reset(id, name);
        throw new ProviderException("fivers " + name + ": malformed JSON", 200);
      }
      audit.record(id, FiversProvider.NAME, name, attempt, 200, "ok", elapsed.getAsLong());
      Attempts.reset(id, name);
      return body;
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      Duration retryAfter = retryAfter(e.getResponse().getHeaderString("Retry-After"));
      audit.record(
          id, FiversProvider.NAME, name, attempt, status, "HTTP " + status, elapsed.getAsLong());
      if (status == 429 || status >= 500) {
        if (retryAfter != null) {
          gate.deferBy(gateKey, retryAfter);
          if (retryAfter.compareTo(LONGEST_WAIT_IN_A_RETRY) > 0) {
            // Not worth a worker sleeping: give up now; the poller comes back once the gate opens.
            Attempts.reset(id, name);
            throw new ProviderException(
                "fivers " + name + ": HTTP 429, retry after " + retryAfter.toSeconds() + " s",
                status);
          }
        }
        if (attempt > 3) {
          Attempts.reset(id, name);
        }
        throw new ProviderException.Transient(
            "fivers " + name + ": HTTP " + status, status, retryAfter);
      }
      Attempts.reset(id, name);
      throw new ProviderException(
          "fivers " + name + ": HTTP " + status + (status == 401 ? " (API key refused)" : ""),
          status);
    } catch (ProcessingException e) {
      String what = rootMessage(e);
      audit.record(id, FiversProvider.NAME, name, attempt, null, what, elapsed.getAsLong());
      if (attempt > 3) {
        Attempts.reset(id, name);
      }
      throw new ProviderException.Transient("fivers " + name + ": " + what, null, null);
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
    return name.toLowerCase().contains("timeout")
        ? "timed out"
        : "connection failed (" + name + ")";
  }
}
