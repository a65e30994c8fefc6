package com.widgetforge.devstack.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Stands in for auth-service's signing side in another service's {@code @QuarkusTest}s: an RSA key
 * whose JWKS is served over real HTTP at {@code widgetforge.auth.url}/auth/jwks, and tokens signed
 * with it exactly as auth-service signs them (RS256, iss/aud {@code widgetforge}, sid).
 */
public class TestTokens implements QuarkusTestResourceLifecycleManager {

  /** The one API key the stand-in auth-service exchanges (for scope {@code prices:admin}). */
  public static final String PRICES_ADMIN_KEY = "wf_test-prices-admin-key";

  /** How many key exchanges the stand-in has answered. */
  public static final AtomicInteger EXCHANGES = new AtomicInteger();

  private static RsaJsonWebKey key;
  private static HttpServer server;

  @Override
  public synchronized Map<String, String> start() {
    try {
      if (server == null) {
        key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(UUID.randomUUID().toString());
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        byte[] jwks =
            new JsonWebKeySet(List.<JsonWebKey>of(key))
                .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
            "/auth/jwks",
            exchange -> {
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, jwks.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
              }
            });
        server.createContext(
            "/auth/token",
            exchange -> {
              EXCHANGES.incrementAndGet();
              boolean known =
                  PRICES_ADMIN_KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"));
              byte[] body =
                  known
                      ? ("{\"accessToken\":\""
                              + token(
                                  "apikey:test",
                                  List.of("prices:admin"),
                                  "key-test",
                                  Duration.ofMinutes(5))
                              + "\",\"tokenType\":\"Bearer\",\"expiresIn\":300}")
                          .getBytes(StandardCharsets.UTF_8)
                      : "{\"status\":401}".getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(known ? 200 : 401, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            });
        server.start();
      }
      return Map.of("widgetforge.auth.url", "http://127.0.0.1:" + server.getAddress().getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    // Shared by every Quarkus start in this JVM; the JVM's exit ends it.
  }

  /** A token for {@code subject} with {@code groups}, naming session {@code sessionId}. */
  public static String token(
      String subject, List<String> groups, String sessionId, Duration lifetime) {
    try {
      JwtClaims claims = new JwtClaims();
      claims.setIssuer("widgetforge");
      claims.setAudience("widgetforge");
      claims.setSubject(subject);
      claims.setStringListClaim("groups", groups);
      claims.setStringClaim("sid", sessionId);
      claims.setIssuedAtToNow();
      claims.setExpirationTime(
          org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().plus(lifetime).getEpochSecond()));
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setKey(key.getPrivateKey());
      jws.setKeyIdHeaderValue(key.getKeyId());
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
