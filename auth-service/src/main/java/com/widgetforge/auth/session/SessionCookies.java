package com.widgetforge.auth.session;

import com.widgetforge.kit.security.AuthSettings;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The two cookies of a session: the HttpOnly token cookie ({@code __Host-wf_session}) and the CSRF
 * cookie that the page's script echoes in {@code X-CSRF-Token}. Both are Secure whenever the name
 * demands it ({@code __Host-}) or the request came over TLS.
 */
@ApplicationScoped
public class SessionCookies {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AuthSettings settings;

  SessionCookies(AuthSettings settings) {
    this.settings = settings;
  }

  public NewCookie session(String token, Instant sessionEnds, HttpServerRequest request) {
    return cookie(settings.cookieName(), token, sessionEnds, true, request);
  }

  public NewCookie csrf(String value, Instant sessionEnds, HttpServerRequest request) {
    return cookie(settings.csrfCookieName(), value, sessionEnds, false, request);
  }

  public NewCookie[] cleared(HttpServerRequest request) {
    return new NewCookie[] {
      cookie(settings.cookieName(), "", Instant.EPOCH, true, request),
      cookie(settings.csrfCookieName(), "", Instant.EPOCH, false, request)
    };
  }

  /** The session token the request carries, if any. */
  public String token(HttpServerRequest request) {
    Cookie cookie = request.getCookie(settings.cookieName());
    return cookie == null ? null : cookie.getValue();
  }

  /** The CSRF cookie's value, or a new random one. */
  public String csrfValue(HttpServerRequest request) {
    Cookie cookie = request.getCookie(settings.csrfCookieName());
    return cookie != null && cookie.getValue().length() >= 32 ? cookie.getValue() : newCsrfValue();
  }

  /** 256 random bits, base64url. */
  public String newCsrfValue() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private NewCookie cookie(
      String name, String value, Instant expires, boolean httpOnly, HttpServerRequest request) {
    long maxAge = Math.max(0, Duration.between(Instant.now(), expires).toSeconds());
    boolean secure =
        name.startsWith("__Host-")
            || name.startsWith("__Secure-")
            || "https".equals(request.scheme());
    return new NewCookie.Builder(name)
        .value(value)
        .path("/")
        .maxAge((int) Math.min(Integer.MAX_VALUE, maxAge))
        .httpOnly(httpOnly)
        .secure(secure)
        .sameSite(NewCookie.SameSite.LAX)
        .build();
  }
}
