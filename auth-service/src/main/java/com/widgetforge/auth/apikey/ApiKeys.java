package com.widgetforge.auth.apikey;

import com.widgetforge.auth.AuthConfig;
import com.widgetforge.auth.event.AuthEvents;
import com.widgetforge.auth.token.TokenIssuer;
import com.widgetforge.auth.token.TokenIssuer.SignedToken;
import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * API keys: created by admins with one scope, shown once, stored as a SHA-256 hash (the secret has
 * 256 random bits, so a fast hash is enough), exchanged for short-lived tokens.
 */
@ApplicationScoped
public class ApiKeys {

  public static final Set<String> SCOPES = Set.of(Roles.PRICES_ADMIN, Roles.ACCOUNTS_READ);
  static final String SECRET_PREFIX = "wf_";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key just created, with its secret (never retrievable again). */
  public record Created(ApiKey key, String secret) {}

  private final TokenIssuer tokens;
  private final AuthEvents events;
  private final Duration tokenLifetime;

  ApiKeys(TokenIssuer tokens, AuthEvents events, AuthConfig config) {
    this.tokens = tokens;
    this.events = events;
    this.tokenLifetime = config.tokens().apiKeyTokenLifetime();
  }

  @Transactional
  public Created create(String name, String scope, Instant expiresAt, UUID createdBy) {
    String label = name == null ? "" : name.strip();
    if (label.isEmpty() || label.length() > 100) {
      throw ApiProblem.badRequest("name must be 1 to 100 characters");
    }
    if (scope == null || !SCOPES.contains(scope)) {
      throw ApiProblem.badRequest("scope must be one of " + SCOPES);
    }
    if (expiresAt != null
        && (!expiresAt.isAfter(Instant.now())
            || expiresAt.isAfter(Instant.now().plus(Duration.ofDays(3660))))) {
      throw ApiProblem.badRequest("expiresAt must be in the future, at most 10 years ahead");
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ApiKey key = new ApiKey();
    key.id = UUID.randomUUID();
    key.name = label;
    key.scope = scope;
    key.secretHash = hash(secret);
    key.createdBy = createdBy;
    key.createdAt = Instant.now();
    key.expiresAt = expiresAt;
    key.persist();
    return new Created(key, secret);
  }

  @Transactional
  public List<ApiKey> list() {
    return ApiKey.list("order by createdAt desc");
  }

  /** Revokes the key; tokens already issued for it are refused everywhere (auth.sessions). */
  @Transactional
  public void revoke(UUID id) {
    ApiKey key = ApiKey.findById(id);
    if (key == null) {
      throw ApiProblem.notFound("no such API key");
    }
    if (key.revokedAt == null) {
      key.revokedAt = Instant.now();
      events.sessionRevoked(key.sessionId(), key.owner(), "admin-revoked");
    }
  }

  /** A short-lived token for a live key; the key's last use is recorded. */
  @Transactional
  public SignedToken exchange(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX) || secret.length() > 100) {
      throw ApiProblem.unauthorized("invalid API key");
    }
    Instant now = Instant.now();
    ApiKey key = ApiKey.<ApiKey>find("secretHash", hash(secret)).firstResult();
    if (key == null || !key.isLive(now)) {
      throw ApiProblem.unauthorized("invalid API key");
    }
    key.lastUsedAt = now;
    Duration lifetime = tokenLifetime;
    if (key.expiresAt != null && Duration.between(now, key.expiresAt).compareTo(lifetime) < 0) {
      lifetime = Duration.between(now, key.expiresAt);
    }
    return tokens.issue(key.subject(), Set.of(key.scope), key.sessionId(), lifetime);
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
