package com.widgetforge.widget.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.widgetforge.kit.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * An account's balance and equity over an {@link EquityRange}, read from account-service's {@code
 * GET /api/accounts/{id}/history} with widget-service's {@code accounts:read} API key, and kept for
 * {@code widget.equity-curve.cache-for} so that many viewers of one widget cost one request. Only
 * times, balances and equities leave here; the account id never reaches a viewer.
 */
@ApplicationScoped
public class EquityHistory {

  /** A curve as an equity-curve page draws it: epoch seconds, balances and equities. */
  public record Curve(String range, List<Long> times, List<Double> balance, List<Double> equity) {}

  /**
   * The most points a curve sends (every range but ALL stays below it): a longer history is thinned
   * to every n-th point and its last, so an embed stays light however old the account.
   */
  public static final int MAX_POINTS = 500;

  private static final Logger LOG = Logger.getLogger(EquityHistory.class);

  private final EquityCurveConfig config;
  private final ObjectMapper json;
  private final HttpClient http;
  private final Cache<String, Curve> curves;

  EquityHistory(EquityCurveConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    this.curves =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.cacheFor()).build();
  }

  /** The account's curve over {@code range}; a 404 for a deleted account, else 503 on failure. */
  public Curve curve(String accountId, EquityRange range) {
    return curves.get(accountId + "/" + range.label(), key -> fetch(accountId, range));
  }

  private Curve fetch(String accountId, EquityRange range) {
    String key = config.apiKey().filter(k -> !k.isBlank()).orElse(null);
    if (key == null) {
      throw unavailable();
    }
    Instant to = Instant.now();
    // From a step boundary, so that every viewer within one step asks the same question.
    long step = range.step().toSeconds();
    long from = (to.getEpochSecond() - range.span().toSeconds()) / step * step;
    String url =
        config.accountServiceUrl().replaceAll("/+$", "")
            + "/api/accounts/"
            + URLEncoder.encode(accountId, StandardCharsets.UTF_8)
            + "/history?from="
            + Instant.ofEpochSecond(from)
            + "&to="
            + to.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + "&step="
            + step;
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(config.timeout())
                  .header("X-API-Key", key)
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    } catch (Exception e) {
      LOG.warnf("account history unavailable: %s", e.getClass().getSimpleName());
      throw unavailable();
    }
    if (response.statusCode() == 404) {
      throw ApiProblem.notFound("this account was removed");
    }
    if (response.statusCode() != 200) {
      LOG.warnf("account history unavailable: account-service answered %d", response.statusCode());
      throw unavailable();
    }
    try {
      return curve(range, json.readTree(response.body()).path("points"));
    } catch (Exception e) {
      LOG.warnf("account history unreadable: %s", e.getClass().getSimpleName());
      throw unavailable();
    }
  }

  static Curve curve(EquityRange range, JsonNode points) {
    List<Long> times = new ArrayList<>();
    List<Double> balance = new ArrayList<>();
    List<Double> equity = new ArrayList<>();
    for (JsonNode point : points) {
      JsonNode time = point.path("time");
      long seconds =
          time.isNumber() ? (long) time.asDouble() : Instant.parse(time.asText()).getEpochSecond();
      if (!point.path("balance").isNumber() || !point.path("equity").isNumber()) {
        continue;
      }
      times.add(seconds);
      balance.add(point.get("balance").asDouble());
      equity.add(point.get("equity").asDouble());
    }
    if (times.size() > MAX_POINTS) {
      int every = (times.size() + MAX_POINTS - 2) / (MAX_POINTS - 1);
      List<Long> t = new ArrayList<>();
      List<Double> b = new ArrayList<>();
      List<Double> e = new ArrayList<>();
      for (int i = 0; i < times.size(); i++) {
        if (i % every == 0 || i == times.size() - 1) {
          t.add(times.get(i));
          b.add(balance.get(i));
          e.add(equity.get(i));
        }
      }
      return new Curve(range.label(), t, b, e);
    }
    return new Curve(range.label(), times, balance, equity);
  }

  private static ApiProblem unavailable() {
    return new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "history unavailable");
  }
}
