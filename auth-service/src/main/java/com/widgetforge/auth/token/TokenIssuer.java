package com.widgetforge.auth.token;

import com.widgetforge.auth.AuthConfig;
import com.widgetforge.kit.security.Roles;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Signs the short-lived tokens: {@code sub}, {@code groups}, {@code sid}, {@code iss}, {@code aud},
 * {@code exp}.
 */
@ApplicationScoped
public class TokenIssuer {

  /** A signed token and when it expires. */
  public record SignedToken(String token, Instant expiresAt) {}

  private final AuthConfig config;
  private final SigningKeys keys;

  TokenIssuer(AuthConfig config, SigningKeys keys) {
    this.config = config;
    this.keys = keys;
  }

  public SignedToken issue(
      String subject, Set<String> groups, String sessionId, Duration lifetime) {
    SigningKeys.Key key = keys.signer();
    Instant now = Instant.now();
    Instant expiresAt = now.plus(lifetime);
    String token =
        Jwt.issuer(config.tokens().issuer())
            .audience(config.tokens().audience())
            .subject(subject)
            .groups(groups)
            .claim(Roles.SESSION_CLAIM, sessionId)
            .issuedAt(now)
            .expiresAt(expiresAt)
            .jws()
            .keyId(key.kid())
            .algorithm(SignatureAlgorithm.RS256)
            .sign(key.privateKey());
    return new SignedToken(token, expiresAt);
  }
}
