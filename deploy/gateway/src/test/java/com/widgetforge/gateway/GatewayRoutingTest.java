package com.widgetforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.WebSocketTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeBackends.class)
class GatewayRoutingTest {

  @TestHTTPResource("/")
  URI root;

  @TestHTTPResource(value = "/", management = true)
  URI managementRoot;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(root.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String backendOf(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertEquals(200, response.statusCode(), path + " -> " + response.body());
    return new JsonObject(response.body()).getString("backend");
  }

  @Test
  void routesEachPathToItsServiceAsArchitectureMdSays() throws Exception {
    assertEquals("auth", backendOf("/auth/login"));
    assertTrue(backendOf("/api/prices/EURUSD/latest").startsWith("price-"));
    assertEquals("account", backendOf("/api/accounts/7"));
    assertEquals("widget", backendOf("/api/widgets/3"));
    assertEquals("widget", backendOf("/widgets/ticker?symbols=EURUSD"));
    assertEquals("widget", backendOf("/embed.js"));
    assertEquals("widget", backendOf("/"));
    assertEquals("widget", backendOf("/dashboard/widgets"));
  }

  @Test
  void passesThePathAndQueryThroughUnchanged() throws Exception {
    JsonObject body = new JsonObject(get("/api/prices/history/XAUUSD?tf=M15&count=10").body());
    assertEquals("/api/prices/history/XAUUSD?tf=M15&count=10", body.getString("uri"));
  }

  @Test
  void spreadsRequestsOverEveryInstanceOfAService() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      seen.add(backendOf("/api/prices/symbols"));
    }
    assertEquals(Set.of("price-a", "price-b"), seen);
  }

  @Test
  void tellsTheServiceWhoCalled() throws Exception {
    JsonObject body = new JsonObject(get("/auth/me").body());
    assertEquals("127.0.0.1", body.getString("forwardedFor"));
    assertEquals(root.getAuthority(), body.getString("forwardedHost"));
  }

  @Test
  void replacesAForgedClientAddressInsteadOfPassingItOn() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(root.resolve("/auth/me"))
                .header("X-Forwarded-For", "203.0.113.9")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("127.0.0.1", new JsonObject(response.body()).getString("forwardedFor"));
  }

  @Test
  void keepsEveryManagementEndpointOffThePublicPort() throws Exception {
    for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/anything-else", "/q"}) {
      HttpResponse<String> response = get(path);
      assertEquals(404, response.statusCode(), path);
      assertFalse(response.body().contains("backend"), path + ": " + response.body());
    }
  }

  @Test
  void answersItsOwnHealthAndMetricsOnTheManagementPort() throws Exception {
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(managementRoot.resolve("/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("\"status\": \"UP\""), health.body());
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(managementRoot.resolve("/q/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode());
  }

  @Test
  void addsSecurityHeadersAndHidesTheBackendsServerHeader() throws Exception {
    HttpResponse<String> response = get("/widgets/quote?symbol=EURUSD");
    assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals(
        "strict-origin-when-cross-origin",
        response.headers().firstValue("Referrer-Policy").orElse(null));
    assertTrue(response.headers().firstValue("Server").isEmpty());
    assertTrue(
        response.headers().firstValue("X-Frame-Options").isEmpty(), "widgets must stay embeddable");
  }

  @Test
  void anUnreachableServiceIsABadGatewayNotAHang() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(root.resolve("/dead/x")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(502, response.statusCode());
  }

  @Test
  void aServiceThatNeverAnswersIsAGatewayTimeoutWithinTheConfiguredTime() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(root.resolve("/stuck/x"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(504, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").get());
    assertTrue(response.body().contains("did not answer in time"), response.body());
    // gateway.backend-timeout is 1 s here (30 s by default).
    assertTrue(tookMs >= 900 && tookMs < 5_000, "answered after " + tookMs + " ms");
  }

  @Test
  void upgradesWebSocketsThroughToTheService() throws Exception {
    try (WebSocketTestClient client =
        WebSocketTestClient.connect(
            URI.create(root.toString().replace("http", "ws") + "ws/price-stream"))) {
      client.send("hello");
      assertEquals("widget:hello", client.next(Duration.ofSeconds(5)));
    }
  }
}
