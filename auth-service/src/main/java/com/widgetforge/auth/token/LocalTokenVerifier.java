package com.widgetforge.auth.token;

import com.widgetforge.auth.session.SessionStore;
import com.widgetforge.kit.security.RevokedSessions;
import com.widgetforge.kit.security.SessionTokenVerifier;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Optional;

/**
 * auth-service verifies tokens with its own key set in-process (same rules as every other service:
 * RS256, issuer, audience, expiry), then asks its own session table, which is the authority: a
 * session logged out a millisecond ago is already refused here.
 */
@ApplicationScoped
@Alternative
@Priority(2)
public class LocalTokenVerifier extends JWTCallerPrincipalFactory {

  private final Instance<JWTAuthContextInfo> baseContext;
  private final SigningKeys keys;
  private final SessionStore sessions;
  private final RevokedSessions revoked;
  private volatile Verifier verifier;

  /** smallrye-jwt caches the key resolver per factory, so one factory per key-set version. */
  private record Verifier(long version, DefaultJWTCallerPrincipalFactory factory) {}

  LocalTokenVerifier(
      SigningKeys keys,
      SessionStore sessions,
      RevokedSessions revoked,
      Instance<JWTAuthContextInfo> baseContext) {
    this.baseContext = baseContext;
    this.keys = keys;
    this.sessions = sessions;
    this.revoked = revoked;
  }

  @Override
  public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
    JWTAuthContextInfo local = new JWTAuthContextInfo(context);
    local.setPublicKeyLocation(null);
    local.setPublicKeyContent(keys.jwks());
    JWTCallerPrincipal principal =
        SessionTokenVerifier.checkSession(current().factory().parse(token, local), revoked);
    if (!sessions.isLive(SessionTokenVerifier.sessionId(principal))) {
      throw new ParseException("session ended");
    }
    return principal;
  }

  /**
   * The session named by a token that is genuine but may have expired up to {@code grace} ago: what
   * refresh and logout need, since the cookie outlives the token inside it.
   */
  public Optional<String> sessionOf(String token, Duration grace) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    JWTAuthContextInfo relaxed = new JWTAuthContextInfo(baseContext.get());
    relaxed.setPublicKeyLocation(null);
    relaxed.setPublicKeyContent(keys.jwks());
    relaxed.setClockSkew((int) Math.min(Integer.MAX_VALUE, grace.toSeconds()));
    try {
      return Optional.ofNullable(
          SessionTokenVerifier.sessionId(current().factory().parse(token, relaxed)));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  private Verifier current() {
    Verifier v = verifier;
    long version = keys.version();
    if (v == null || v.version() != version) {
      v = new Verifier(version, new DefaultJWTCallerPrincipalFactory());
      verifier = v;
    }
    return v;
  }
}
