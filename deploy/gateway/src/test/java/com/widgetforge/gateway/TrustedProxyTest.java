package com.widgetforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behind a trusted proxy (here: this machine) the forwarded client counts, for limits too. */
@QuarkusTest
@QuarkusTestResource(FakeBackends.class)
@TestProfile(TrustedProxyTest.BehindAProxy.class)
class TrustedProxyTest {

  public static class BehindAProxy implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.trusted-proxies", "127.0.0.0/8,::1");
    }
  }

  @TestHTTPResource("/")
  URI root;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String forwardedFor, String proto)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(root.resolve(path))
            .header("X-Forwarded-For", forwardedFor)
            .header("X-Forwarded-Proto", proto)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theServiceHearsTheClientTheProxyForwardedAndItsScheme() throws Exception {
    JsonObject body = new JsonObject(get("/auth/me", "1.2.3.4, 198.51.100.20", "https").body());
    assertEquals("198.51.100.20", body.getString("forwardedFor"));
    assertEquals("https", body.getString("forwardedProto"));
  }

  @Test
  void clientsThatReachedTheProxyOverHttpsAreToldToStayThere() throws Exception {
    HttpResponse<String> https = get("/widgets/ticker", "198.51.100.21", "https");
    assertEquals(
        "max-age=31536000", https.headers().firstValue("Strict-Transport-Security").orElse(null));
    HttpResponse<String> plain = get("/widgets/ticker", "198.51.100.21", "http");
    assertEquals(true, plain.headers().firstValue("Strict-Transport-Security").isEmpty());
  }

  @Test
  void eachForwardedClientHasItsOwnAllowance() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertEquals(200, get("/limited/" + i, "198.51.100.30", "https").statusCode());
    }
    assertEquals(429, get("/limited/5", "198.51.100.30", "https").statusCode());
    assertEquals(200, get("/limited/5", "198.51.100.31", "https").statusCode());
  }
}
