package com.widgetforge.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The gateway's routes, from configuration: {@code gateway.routes.<name>.prefixes/targets}. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

  /** Routes by name; a request goes to the route with the longest matching prefix. */
  Map<String, Route> routes();

  /** How long a backend may take to accept a connection. */
  @WithDefault("5s")
  Duration connectTimeout();

  /** Connections kept per backend for requests. */
  @WithDefault("200")
  int maxConnectionsPerBackend();

  /**
   * Proxied WebSockets open at once per backend. Each holds a backend connection for its whole
   * life, so they have a pool of their own: they never use up the request pool, nor it them.
   */
  @WithDefault("10000")
  int maxWebSocketsPerBackend();

  /**
   * How often target host names are looked up again: a name that resolves to several addresses (the
   * replicas of a scaled compose service) has its requests spread over all of them.
   */
  @WithDefault("5s")
  Duration resolveInterval();

  /** One backend service. */
  interface Route {
    /** Path prefixes served by this route, e.g. {@code /api/prices}; {@code /} matches all. */
    List<String> prefixes();

    /** Base URLs of the service's instances; requests are spread over them in turn. */
    List<URI> targets();
  }
}
