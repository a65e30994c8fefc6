package com.widgetforge.kit.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

/**
 * Accepts {@code X-API-Key} anywhere a session is accepted. The key is exchanged at auth-service's
 * {@code POST /auth/token} for a short-lived token, which is then verified like any other (so a
 * revoked key's tokens are refused through {@code auth.sessions}). Tokens are cached until shortly
 * before they expire, so auth-service sees one exchange per key every few minutes, not one per
 * request.
 */
@ApplicationScoped
public class ApiKeyMechanism implements HttpAuthenticationMechanism {

  public static final String HEADER = "X-API-Key";
  private static final int MAX_KEY_LENGTH = 200;
  private static final int MAX_CACHED = 1_000;
  private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(30);

  private static final Duration REMEMBER_REFUSAL = Duration.ofSeconds(10);

  /** A token to reuse until {@code refreshAtMsc}; a null token is a recent refusal. */
  private record Cached(String token, long refreshAtMsc) {}

  private final AuthSettings settings;
  private final ObjectMapper json;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** Bounded: under a flood of random keys the least used entries go, never all of them. */
  private final Cache<String, Cached> tokens =
      Caffeine.newBuilder().maximumSize(MAX_CACHED).build();

  ApiKeyMechanism(AuthSettings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identities) {
    String key = context.request().getHeader(HEADER);
    if (key == null) {
      return Uni.createFrom().nullItem();
    }
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      return Uni.createFrom().failure(new AuthenticationFailedException("malformed API key"));
    }
    String cacheKey = sha256(key);
    Cached cached = tokens.getIfPresent(cacheKey);
    if (cached != null && cached.refreshAtMsc() > System.currentTimeMillis()) {
      if (cached.token() == null) {
        // Refused moments ago: do not let random keys turn every request into an exchange.
        return Uni.createFrom().failure(new AuthenticationFailedException("API key refused"));
      }
      return identities.authenticate(
          new TokenAuthenticationRequest(new JsonWebTokenCredential(cached.token())));
    }
    Uni<String> token = exchange(key, cacheKey);
    return token
        .onItem()
        .transformToUni(
            jwt ->
                identities.authenticate(
                    new TokenAuthenticationRequest(new JsonWebTokenCredential(jwt))));
  }

  private Uni<String> exchange(String key, String cacheKey) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.url() + "/auth/token"))
            .timeout(Duration.ofSeconds(5))
            .header(HEADER, key)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return Uni.createFrom()
        .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .onFailure()
        .transform(e -> new AuthenticationFailedException("auth-service unreachable", e))
        .onItem()
        .transform(
            response -> {
              if (response.statusCode() != 200) {
                remember(
                    cacheKey,
                    new Cached(null, System.currentTimeMillis() + REMEMBER_REFUSAL.toMillis()));
                throw new AuthenticationFailedException("API key refused");
              }
              try {
                JsonNode body = json.readTree(response.body());
                String jwt = body.path("accessToken").asText();
                long lifetimeMsc = body.path("expiresIn").asLong() * 1000;
                remember(
                    cacheKey,
                    new Cached(
                        jwt,
                        System.currentTimeMillis()
                            + Math.max(0, lifetimeMsc - REFRESH_BEFORE_EXPIRY.toMillis())));
                return jwt;
              } catch (Exception e) {
                throw new AuthenticationFailedException("unreadable token answer", e);
              }
            });
  }

  private void remember(String cacheKey, Cached cached) {
    tokens.put(cacheKey, cached);
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, null, null));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
