package com.widgetforge.gateway;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers the edge adds to every response. Framing is deliberately left to widget-service, which
 * sends {@code frame-ancestors} per widget: embeddable widgets must not get a blanket {@code
 * X-Frame-Options}.
 */
final class SecurityHeaders {

  private SecurityHeaders() {}

  static void add(RoutingContext context) {
    context.addHeadersEndHandler(
        ignored -> {
          MultiMap headers = context.response().headers();
          headers.set("X-Content-Type-Options", "nosniff");
          if (!headers.contains("Referrer-Policy")) {
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
          }
          headers.remove("Server");
        });
    context.next();
  }
}
