package com.widgetforge.gateway;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Headers the edge adds to every response. Framing is deliberately left to widget-service, which
 * sends {@code frame-ancestors} per widget: embeddable widgets must not get a blanket {@code
 * X-Frame-Options}.
 */
final class SecurityHeaders {

  private final ClientAddresses addresses;
  private final String strictTransportSecurity;

  /**
   * @param hsts the Strict-Transport-Security max-age for clients on HTTPS; zero sends none
   */
  SecurityHeaders(ClientAddresses addresses, Duration hsts) {
    this.addresses = addresses;
    this.strictTransportSecurity = hsts.isZero() ? null : "max-age=" + hsts.toSeconds();
  }

  void add(RoutingContext context) {
    // HSTS only over HTTPS: sent over plain HTTP it would be ignored, or worse, lock out a site
    // that has no certificate yet.
    boolean secure = strictTransportSecurity != null && addresses.of(context.request()).secure();
    context.addHeadersEndHandler(
        ignored -> {
          MultiMap headers = context.response().headers();
          headers.set("X-Content-Type-Options", "nosniff");
          if (!headers.contains("Referrer-Policy")) {
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
          }
          if (secure) {
            headers.set("Strict-Transport-Security", strictTransportSecurity);
          }
          headers.remove("Server");
        });
    context.next();
  }
}
