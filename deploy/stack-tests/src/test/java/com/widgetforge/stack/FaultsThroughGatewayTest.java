package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.TopicReader;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Faults an operator meets: a service killed outright, the Kafka broker or PostgreSQL gone and
 * back. The gateway never hangs, readiness says what is wrong, no process restarts, nothing a user
 * sees is lost, and everything recovers on its own. Each test leaves the shared suite as it found
 * it.
 */
@Order(Integer.MAX_VALUE - 3)
class FaultsThroughGatewayTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long the broker stays away (issue #14). */
  private static final Duration BROKER_OUTAGE = Duration.ofSeconds(10);

  /** How soon after the broker is back a socket client must get live ticks again. */
  private static final Duration TICKS_AGAIN_WITHIN = Duration.ofSeconds(5);

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int readiness(String service) {
    try {
      return get(stack.component(service).baseUrl() + "/q/health/ready").statusCode();
    } catch (Exception unreachable) {
      return -1;
    }
  }

  /** Every service's readiness answer, asked together (a probe may wait out a timeout). */
  private static Map<String, HttpResponse<String>> readinessOfAll() {
    Map<String, CompletableFuture<HttpResponse<String>>> probes = new LinkedHashMap<>();
    for (String service : LocalStack.SERVICES) {
      probes.put(
          service,
          HTTP.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(stack.component(service).baseUrl() + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(15))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
    probes.forEach((service, probe) -> answers.put(service, probe.join()));
    return answers;
  }

  private static URI priceStream() {
    return URI.create(stack.gatewayUrl().replace("http", "ws") + "/ws/price-stream");
  }

  /** The open times (epoch seconds) of the symbol's M1 bars in [from, to], through the gateway. */
  private static List<Long> minuteBars(String symbol, long from, long to) throws Exception {
    HttpResponse<String> history =
        get(
            stack.gatewayUrl()
                + "/api/prices/"
                + symbol
                + "/history?timeframe=M1&from="
                + from
                + "&to="
                + to);
    assertEquals(200, history.statusCode(), history.body());
    List<Long> times = new ArrayList<>();
    JSON.readTree(history.body()).get("bars").forEach(bar -> times.add(bar.get("time").asLong()));
    return times;
  }

  /** Asserts that the symbol has an M1 bar for every minute from {@code first} to {@code last}. */
  private static void assertEveryMinuteHasABar(String symbol, long first, long last)
      throws Exception {
    List<Long> expected = new ArrayList<>();
    for (long minute = first; minute <= last; minute += 60) {
      expected.add(minute);
    }
    assertEquals(expected, minuteBars(symbol, first, last), symbol + " M1 bars");
  }

  private static long minuteOf(long epochMillis) {
    return Math.floorDiv(epochMillis, 60_000) * 60;
  }

  private static boolean allAlive(List<Long> pids) {
    return pids.stream()
        .allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  /** A simulated prop account of {@code admin}'s, whose snapshots come every second. */
  private static String createSimulatedAccount(Browser admin, int login) throws Exception {
    HttpResponse<String> created =
        Browser.send(
            admin
                .request(stack.gatewayUrl() + "/api/accounts")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "login",
                                login,
                                "server",
                                "FivePercentOnline-Demo",
                                "provider",
                                "simulated",
                                "investorPassword",
                                "Inv3stor!faults",
                                "initialBalance",
                                100000))))
                .build());
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("id").asText();
  }

  private static void delete(Browser admin, String account) throws Exception {
    HttpResponse<String> deleted =
        Browser.send(
            admin.request(stack.gatewayUrl() + "/api/accounts/" + account).DELETE().build());
    assertEquals(204, deleted.statusCode(), deleted.body());
  }

  @Test
  void aKilledServiceIsABadGatewayAtOnceAndServesAgainOnceBack() throws Exception {
    stack.killService("account-service");
    try {
      long asked = System.nanoTime();
      HttpResponse<String> dead = get(stack.gatewayUrl() + "/api/accounts");
      long answeredMs = (System.nanoTime() - asked) / 1_000_000;
      assertEquals(502, dead.statusCode(), dead.body());
      assertTrue(answeredMs < 2_000, "answered after " + answeredMs + " ms");
      // Other routes are untouched.
      assertEquals(200, get(stack.gatewayUrl() + "/api/prices/latest?symbols=EURUSD").statusCode());
    } finally {
      long restarting = System.nanoTime();
      stack.startService("account-service");
      System.out.printf(
          "fault: account-service SIGKILLed, ready again %d ms after its restart began%n",
          (System.nanoTime() - restarting) / 1_000_000);
    }
    // Back: the route answers as before (401 without a session, not 502).
    assertEquals(401, get(stack.gatewayUrl() + "/api/accounts").statusCode());
  }

  @Test
  void aTenSecondBrokerOutageRestartsNothingAndTicksBarsAndSnapshotsResumeOnTheirOwn()
      throws Exception {
    Browser admin =
        Browser.login(stack.gatewayUrl(), StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    String account = createSimulatedAccount(admin, 50_099_014);
    try (WebSocketTestClient socket = WebSocketTestClient.connect(priceStream())) {
      socket.send("{\"subscribe\":[\"EURUSD\"]}");
      socket.await(m -> m.contains("\"type\":\"tick\""), Duration.ofSeconds(15));
      for (String service : LocalStack.SERVICES) {
        assertEquals(200, readiness(service), service);
      }
      List<Long> pids = stack.pids();

      stack.infrastructure().stopKafka();
      long stoppedAt = System.currentTimeMillis();
      long backAt;
      try {
        // Without a broker for ten seconds: no process exits, the socket stays open, and the
        // latest prices are still served (from memory).
        await()
            .during(BROKER_OUTAGE)
            .atMost(BROKER_OUTAGE.multipliedBy(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    allAlive(pids)
                        && !socket.closed().isDone()
                        && get(stack.gatewayUrl() + "/api/prices/latest?symbols=EURUSD")
                                .statusCode()
                            == 200);
        // Readiness says why.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () ->
                    readinessOfAll()
                        .forEach(
                            (service, ready) -> {
                              assertEquals(503, ready.statusCode(), service + ": " + ready.body());
                              assertTrue(
                                  ready.body().contains("Kafka connection health check"),
                                  ready.body());
                            }));
        // What came while the broker was away does not count.
        while (socket.next(Duration.ZERO) != null) {
          // drained
        }
      } finally {
        stack.infrastructure().startKafka();
        backAt = System.currentTimeMillis();
      }

      // Live ticks again: polled after the broker was back, through widget-service and the
      // gateway, on the socket that stayed open.
      String first = socket.await(m -> m.contains("\"type\":\"tick\""), Duration.ofSeconds(60));
      long firstAfterMs = System.currentTimeMillis() - backAt;
      String live =
          socket.await(
              m ->
                  m.contains("\"type\":\"tick\"")
                      && timeMsc(m) >= backAt
                      && m.contains("\"symbol\":\"EURUSD\""),
              Duration.ofSeconds(60));
      long liveAfterMs = System.currentTimeMillis() - backAt;
      System.out.printf(
          "fault: Kafka stopped for %d ms; first tick on the socket %d ms after it was back,"
              + " first tick polled after it was back %d ms after%n",
          backAt - stoppedAt, firstAfterMs, liveAfterMs);
      assertTrue(
          liveAfterMs <= TICKS_AGAIN_WITHIN.toMillis(),
          "live ticks again only "
              + liveAfterMs
              + " ms after the broker was back: "
              + live
              + " (first: "
              + first
              + ")");

      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  readinessOfAll()
                      .forEach(
                          (service, ready) ->
                              assertEquals(
                                  200, ready.statusCode(), service + ": " + ready.body())));
      System.out.printf(
          "fault: Kafka back, every service ready again after %d ms%n",
          System.currentTimeMillis() - backAt);
      assertEquals(pids, stack.pids(), "no process was restarted");
      assertTrue(allAlive(pids), "a process exited");

      // Chart history went on being written: every minute from before the outage to after it
      // has its bar (the bar of the current minute is written within a flush interval).
      long firstMinute = minuteOf(stoppedAt) - 60;
      long lastMinute = minuteOf(backAt);
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(() -> assertEveryMinuteHasABar("EURUSD", firstMinute, lastMinute));

      // Account snapshots flow again: one taken after the broker was back reaches the topic
      // widget-service reads.
      var snapshots =
          TopicReader.read(
              stack.infrastructure().kafkaBootstrapServers(),
              "account.snapshots",
              "earliest",
              got ->
                  got.stream()
                      .anyMatch(
                          r ->
                              r.key().equals(account)
                                  && r.value() != null
                                  && timeMsc(r.value()) > backAt),
              Duration.ofSeconds(30));
      long snapshotAfterMs = System.currentTimeMillis() - backAt;
      assertTrue(
          snapshots.stream()
              .anyMatch(
                  r -> r.key().equals(account) && r.value() != null && timeMsc(r.value()) > backAt),
          "no snapshot of " + account + " newer than the broker's return on account.snapshots");
      System.out.printf(
          "fault: Kafka back, a new account snapshot read from the topic %d ms after%n",
          snapshotAfterMs);
    } finally {
      delete(admin, account);
    }
  }

  private static long timeMsc(String message) {
    try {
      JsonNode node = JSON.readTree(message);
      return node.path("timeMsc").asLong(0);
    } catch (Exception notJson) {
      return 0;
    }
  }

  @Test
  void postgresGoneTakesEveryServiceOutOfReadinessAndBackWithoutAFailedRequestOrAHoleInHistory()
      throws Exception {
    Browser admin =
        Browser.login(stack.gatewayUrl(), StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    List<String> reads =
        List.of(
            "/auth/users?size=5",
            "/api/widgets",
            "/api/accounts",
            "/api/prices/EURUSD/history?timeframe=M1&limit=5");
    for (String read : reads) {
      assertEquals(
          200,
          Browser.send(admin.request(stack.gatewayUrl() + read).GET().build()).statusCode(),
          read);
    }
    List<Long> pids = stack.pids();

    try (WebSocketTestClient socket = WebSocketTestClient.connect(priceStream())) {
      socket.send("{\"subscribe\":[\"EURUSD\"]}");
      socket.await(m -> m.contains("\"type\":\"tick\""), Duration.ofSeconds(15));

      stack.infrastructure().stopPostgres();
      long stopped = System.currentTimeMillis();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> LocalStack.SERVICES.stream().allMatch(s -> readiness(s) == 503));
        System.out.printf(
            "fault: PostgreSQL stopped, every service out of readiness after %d ms%n",
            System.currentTimeMillis() - stopped);
      } finally {
        stack.infrastructure().startPostgres();
      }
      long started = System.currentTimeMillis();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> LocalStack.SERVICES.stream().allMatch(s -> readiness(s) == 200));
      long ready = System.currentTimeMillis();
      System.out.printf(
          "fault: PostgreSQL away for %d ms, every service ready again %d ms after it was back%n",
          started - stopped, ready - started);
      assertEquals(pids, stack.pids(), "no process was restarted");

      // Ready means ready: no request fails on a connection the outage broke.
      for (int round = 0; round < 3; round++) {
        for (String read : reads) {
          HttpResponse<String> response =
              Browser.send(admin.request(stack.gatewayUrl() + read).GET().build());
          assertEquals(200, response.statusCode(), read + " after the outage: " + response.body());
        }
      }

      // Live prices again on the socket that stayed open (price-service pauses polling while it
      // cannot hold its terminal lease, a PostgreSQL lock).
      socket.await(
          m -> m.contains("\"type\":\"tick\"") && timeMsc(m) >= started, Duration.ofSeconds(30));
      System.out.printf(
          "fault: PostgreSQL back, live ticks on the socket again after %d ms%n",
          System.currentTimeMillis() - started);

      // Chart history has no hole, not even for the minutes PostgreSQL was away: bars that could
      // not be written are kept and written once it is back, and the minutes the terminal was not
      // polled for are backfilled from the terminal when polling resumes.
      long firstMinute = minuteOf(stopped) - 120;
      long lastMinute = minuteOf(ready);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                for (String symbol : List.of("EURUSD", "BTCUSD")) {
                  assertEveryMinuteHasABar(symbol, firstMinute, lastMinute);
                }
              });
      System.out.printf(
          "fault: PostgreSQL back, M1 history whole from %s to %s, %d ms after readiness%n",
          java.time.Instant.ofEpochSecond(firstMinute),
          java.time.Instant.ofEpochSecond(lastMinute),
          System.currentTimeMillis() - ready);
    }
  }
}
