package com.widgetforge.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.WebSocketTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-client limits at the edge: FakeBackends gives /limited 5 requests and /sockets 2 sockets. */
@QuarkusTest
@QuarkusTestResource(FakeBackends.class)
class EdgeLimitsTest {

  @TestHTTPResource("/")
  URI root;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(root.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aClientOverItsRequestLimitIsToldToComeBackLaterAndOtherRoutesStillAnswer() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertEquals(200, get("/limited/" + i).statusCode(), "request " + i);
    }
    HttpResponse<String> refused = get("/limited/5");
    assertEquals(429, refused.statusCode(), refused.body());
    assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").get());
    assertTrue(refused.body().contains("at most 5 requests per 3600 s"), refused.body());
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    // One request comes back every 12 minutes (5 an hour).
    assertTrue(retryAfter > 60 && retryAfter <= 720, "Retry-After " + retryAfter);
    assertTrue(refused.headers().firstValue("Server").isEmpty(), "security headers still apply");
    assertEquals(200, get("/auth/me").statusCode(), "another route has its own allowance");
  }

  @Test
  void aClientHoldsAtMostItsSocketsAndGetsOneBackWhenItClosesOne() throws Exception {
    URI stream = URI.create(root.toString().replace("http", "ws") + "sockets/stream");
    try (WebSocketTestClient first = WebSocketTestClient.connect(stream);
        WebSocketTestClient second = WebSocketTestClient.connect(stream)) {
      first.send("one");
      assertEquals("sockets:one", first.next(Duration.ofSeconds(5)));
      assertEquals(429, handshakeStatus(stream));

      second.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                try (WebSocketTestClient again = WebSocketTestClient.connect(stream)) {
                  again.send("three");
                  return "sockets:three".equals(again.next(Duration.ofSeconds(5)));
                } catch (CompletionException refusedStill) {
                  return false;
                }
              });
    }
  }

  @Test
  void plainHttpGetsNoStrictTransportSecurity() throws Exception {
    HttpResponse<String> response = get("/widgets/ticker");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty());
  }

  /** The status a refused WebSocket handshake answered. */
  private int handshakeStatus(URI uri) {
    CompletionException refused =
        assertThrows(
            CompletionException.class,
            () ->
                http.newWebSocketBuilder()
                    .buildAsync(uri, new WebSocket.Listener() {})
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join());
    return assertInstanceOf(WebSocketHandshakeException.class, refused.getCause())
        .getResponse()
        .statusCode();
  }
}
