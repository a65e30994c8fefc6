package com.widgetforge.stack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.stack.StackFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The price-service figures of docs/BENCHMARKS.md, on the whole stack as the local run starts it:
 * poll-to-publish latency of the simulated terminal (from the service's own timer) and history
 * latency for one day of M1 bars under an open-loop load. Writes
 * target/benchmarks/price-service.json. Run: mvn -pl deploy/stack-tests -Pbench verify
 */
@Tag("bench")
class PriceServiceBenchmarkTest {

  private static final Instant DAY = Instant.parse("2020-01-06T00:00:00Z");
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 20));

  /** Longer than Micrometer's 2-minute percentile window, so start-up is out of the figures. */
  private static final Duration IDLE = Duration.ofSeconds(Long.getLong("bench.idle-seconds", 130));

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void historyOfOneDayOfM1AndPollToPublishLatency() throws Exception {
    try (LocalStack stack = StackFixture.start("bench")) {
      seedOneDayOfM1(stack);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(java.util.concurrent.Executors.newFixedThreadPool(4))
              .build();
      String price = stack.component("price-service").baseUrl();
      URI history =
          URI.create(
              price
                  + "/api/prices/EURUSD/history?timeframe=M1&limit=5000&from="
                  + DAY.getEpochSecond()
                  + "&to="
                  + (DAY.getEpochSecond() + 86_399));
      HttpResponse<String> one =
          http.send(HttpRequest.newBuilder(history).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, one.statusCode(), one.body());
      assertEquals(1440, json.readTree(one.body()).get("bars").size());
      // Poll-to-publish on the otherwise idle stack (default: 250 ms polls of the whole catalogue).
      org.awaitility.Awaitility.await()
          .pollDelay(IDLE)
          .atMost(IDLE.plusSeconds(1))
          .until(() -> true);
      String idleMetrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(price + "/q/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      // Warm-up: JIT and connection pools.
      LoadRun.run(http, history, 100, Duration.ofSeconds(20));

      ObjectNode report = BenchReport.start();
      for (int rate : new int[] {50, 200}) {
        LoadRun.Result result = LoadRun.run(http, history, rate, RUN);
        assertEquals(0, result.errors(), "errors at " + rate + " req/s");
        report.set("history_1440_M1_at_" + rate + "_rps", json.valueToTree(result));
      }
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(price + "/q/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      report.put("poll_to_publish_idle_p50_ms", quantile(idleMetrics, "0.5"));
      report.put("poll_to_publish_idle_p99_ms", quantile(idleMetrics, "0.99"));
      report.put("poll_to_publish_under_history_load_p50_ms", quantile(metrics, "0.5"));
      report.put("poll_to_publish_under_history_load_p99_ms", quantile(metrics, "0.99"));

      // The same timer with price-service alone beside PostgreSQL and Kafka (the idle gateway
      // stays): the component's own figure, without the other services' background work.
      for (String other : List.of("auth-service", "account-service", "widget-service")) {
        stack.stopService(other);
      }
      org.awaitility.Awaitility.await()
          .pollDelay(IDLE)
          .atMost(IDLE.plusSeconds(1))
          .until(() -> true);
      String alone =
          http.send(
                  HttpRequest.newBuilder(URI.create(price + "/q/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      report.put("poll_to_publish_price_service_alone_p50_ms", quantile(alone, "0.5"));
      report.put("poll_to_publish_price_service_alone_p99_ms", quantile(alone, "0.99"));

      assertTrue(Files.size(BenchReport.write("price-service", report)) > 0);
    }
  }

  private static double quantile(String metrics, String quantile) {
    Matcher matcher =
        Pattern.compile(
                "widgetforge_terminal_poll_to_publish_seconds\\{[^}]*quantile=\""
                    + Pattern.quote(quantile)
                    + "\"[^}]*\\} ([0-9.Ee+-]+)")
            .matcher(metrics);
    if (!matcher.find()) {
      throw new AssertionError("no poll-to-publish quantile " + quantile + " in /q/metrics");
    }
    return Math.round(Double.parseDouble(matcher.group(1)) * 1e5) / 100.0;
  }

  private static void seedOneDayOfM1(LocalStack stack) throws Exception {
    Properties login = new Properties();
    login.put("user", "price");
    try (Connection db =
            DriverManager.getConnection(stack.infrastructure().jdbcUrl("price"), login);
        PreparedStatement insert =
            db.prepareStatement(
                "insert into bar (symbol, timeframe, time, open, high, low, close, tick_volume, spread, real_volume, terminal_id)"
                    + " values ('EURUSD', 'M1', ?, ?, ?, ?, ?, ?, 12, 0, 'sim-1') on conflict do nothing")) {
      double price = 1.085;
      java.util.Random random = new java.util.Random(1);
      for (int minute = 0; minute < 1440; minute++) {
        double open = price;
        double close = open + random.nextGaussian() * 0.0002;
        insert.setTimestamp(1, Timestamp.from(DAY.plusSeconds(minute * 60L)));
        insert.setBigDecimal(2, java.math.BigDecimal.valueOf(open));
        insert.setBigDecimal(3, java.math.BigDecimal.valueOf(Math.max(open, close) + 0.0001));
        insert.setBigDecimal(4, java.math.BigDecimal.valueOf(Math.min(open, close) - 0.0001));
        insert.setBigDecimal(5, java.math.BigDecimal.valueOf(close));
        insert.setLong(6, 50 + random.nextInt(100));
        insert.addBatch();
        price = close;
      }
      insert.executeBatch();
    }
  }
}
