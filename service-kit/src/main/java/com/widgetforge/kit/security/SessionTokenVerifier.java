package com.widgetforge.kit.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * smallrye-jwt's verification (signature against auth-service's JWKS, RS256 only, issuer, audience,
 * expiry), then the one check it cannot make: the token's session is not revoked.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class SessionTokenVerifier extends JWTCallerPrincipalFactory {

  private final DefaultJWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
  private final RevokedSessions revoked;

  SessionTokenVerifier(RevokedSessions revoked) {
    this.revoked = revoked;
  }

  @Override
  public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
    return checkSession(verifier.parse(token, context), revoked);
  }

  /** Refuses a verified token that names no session or a revoked one. */
  public static JWTCallerPrincipal checkSession(
      JWTCallerPrincipal principal, RevokedSessions revoked) throws ParseException {
    String sid = sessionId(principal);
    if (sid == null || sid.isBlank()) {
      throw new ParseException("token names no session");
    }
    if (revoked.isRevoked(sid)) {
      throw new ParseException("session revoked");
    }
    return principal;
  }

  /** The token's {@code sid} claim, whether the parser gives it as a String or a JSON string. */
  public static String sessionId(JsonWebToken token) {
    Object value = token.getClaim(Roles.SESSION_CLAIM);
    if (value instanceof JsonString string) {
      return string.getString();
    }
    return value instanceof String string ? string : null;
  }
}
