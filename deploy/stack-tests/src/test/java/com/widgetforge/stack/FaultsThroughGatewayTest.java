package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Faults an operator meets: a service killed outright, PostgreSQL gone and back. The gateway never
 * hangs, readiness says what is wrong, and everything recovers on its own. Each test leaves the
 * shared suite as it found it.
 */
@Order(Integer.MAX_VALUE - 2)
class FaultsThroughGatewayTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
  void postgresGoneTakesEveryServiceOutOfReadinessAndBackWithoutAFailedRequest() throws Exception {
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

    stack.infrastructure().stopPostgres();
    long stopped = System.nanoTime();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> LocalStack.SERVICES.stream().allMatch(s -> readiness(s) == 503));
      System.out.printf(
          "fault: PostgreSQL stopped, every service out of readiness after %d ms%n",
          (System.nanoTime() - stopped) / 1_000_000);
    } finally {
      stack.infrastructure().startPostgres();
    }
    long started = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> LocalStack.SERVICES.stream().allMatch(s -> readiness(s) == 200));
    System.out.printf(
        "fault: PostgreSQL back, every service ready again after %d ms%n",
        (System.nanoTime() - started) / 1_000_000);

    // Ready means ready: no request fails on a connection the outage broke.
    for (int round = 0; round < 3; round++) {
      for (String read : reads) {
        HttpResponse<String> response =
            Browser.send(admin.request(stack.gatewayUrl() + read).GET().build());
        assertEquals(200, response.statusCode(), read + " after the outage: " + response.body());
      }
    }
  }
}
