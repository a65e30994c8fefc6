package com.widgetforge.kit.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How a service recognises WidgetForge sessions ({@code widgetforge.auth.*}). */
@ConfigMapping(prefix = "widgetforge.auth")
public interface AuthSettings {

  /** auth-service's base URL; its JWKS is read from {@code <url>/auth/jwks}. */
  String url();

  /**
   * The session cookie: {@code __Host-} prefixed, so browsers only accept it Secure and host-only.
   */
  String cookieName();

  /** The CSRF cookie (readable by the page's script, echoed in {@code X-CSRF-Token}). */
  String csrfCookieName();

  /**
   * Origins other than the request's own allowed to send state-changing requests with the session
   * cookie, e.g. {@code https://widgets.example.com}.
   */
  Optional<List<String>> allowedOrigins();

  /** How long a revoked session id is remembered: longer than any token lives. */
  @WithDefault("24h")
  Duration revocationMemory();
}
