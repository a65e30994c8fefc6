package com.widgetforge.widget.account;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for account-service's {@code GET /api/accounts/{id}/history} over real HTTP (the stack
 * tests use the real one): it wants widget-service's API key, answers a curve with one point per
 * requested step, 404 for an account whose id ends in {@code 404}, 500 for one ending in {@code
 * 500}.
 */
public class AccountServiceStub implements QuarkusTestResourceLifecycleManager {

  public static final String API_KEY = "wf_test_accounts_read_key";
  private static final Pattern HISTORY = Pattern.compile("/api/accounts/([0-9a-f-]{36})/history");

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/api/accounts/", this::history);
    server.start();
    return Map.of(
        "widget.equity-curve.account-service-url",
        "http://127.0.0.1:" + server.getAddress().getPort(),
        "widget.equity-curve.api-key",
        API_KEY,
        "widget.equity-curve.cache-for",
        "1s");
  }

  private void history(HttpExchange exchange) throws IOException {
    Matcher path = HISTORY.matcher(exchange.getRequestURI().getPath());
    if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"))) {
      answer(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
    } else if (!path.matches()) {
      answer(exchange, 404, "{\"status\":404}");
    } else if (path.group(1).endsWith("404")) {
      answer(exchange, 404, "{\"status\":404,\"detail\":\"no such account\"}");
    } else if (path.group(1).endsWith("500")) {
      answer(exchange, 500, "{\"status\":500}");
    } else {
      Map<String, String> query = query(exchange.getRequestURI());
      long from = Instant.parse(query.get("from")).getEpochSecond();
      long to = Instant.parse(query.get("to")).getEpochSecond();
      long step = Long.parseLong(query.get("step"));
      StringBuilder points = new StringBuilder();
      for (long t = from; t < to && t < from + step * 5000; t += step) {
        double i = (t - from) / (double) step;
        points
            .append(points.isEmpty() ? "" : ",")
            .append(
                String.format(
                    Locale.ROOT,
                    "{\"time\":\"%s\",\"balance\":%.2f,\"equity\":%.2f,\"stale\":false}",
                    Instant.ofEpochSecond(t),
                    100_000 + i * 3.25,
                    100_000 + i * 3.25 + 400 * Math.sin(i / 7)));
      }
      answer(
          exchange,
          200,
          "{\"accountId\":\""
              + path.group(1)
              + "\",\"step\":\"PT"
              + step
              + "S\",\"points\":["
              + points
              + "]}");
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return query;
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
