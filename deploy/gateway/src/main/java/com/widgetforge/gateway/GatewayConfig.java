package com.widgetforge.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gateway's routes, from configuration: {@code gateway.routes.<name>.prefixes/targets}. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

  /** Routes by name; a request goes to the route with the longest matching prefix. */
  Map<String, Route> routes();

  /** How long a backend may take to accept a connection. */
  @WithDefault("5s")
  Duration connectTimeout();

  /**
   * How long a backend may take to start answering a request (WebSockets excepted) before the
   * client gets 504 Gateway Timeout: a hung service never hangs its callers.
   */
  @WithDefault("30s")
  Duration backendTimeout();

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

  /**
   * Addresses and networks ({@code 10.0.0.0/8}) of proxies in front of the gateway (a TLS
   * terminator, a load balancer) whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are
   * believed. None by default: the client is the connection's peer.
   */
  Optional<List<String>> trustedProxies();

  /**
   * {@code Strict-Transport-Security} max-age sent on every answer to a client that reached the
   * edge over HTTPS (directly, or by a trusted proxy's word); 0 sends none.
   */
  @WithDefault("365d")
  Duration hsts();

  /** One backend service. */
  interface Route {
    /** Path prefixes served by this route, e.g. {@code /api/prices}; {@code /} matches all. */
    List<String> prefixes();

    /** Base URLs of the service's instances; requests are spread over them in turn. */
    List<URI> targets();

    /** What one client may do on this route; over it, the answer is 429 with Retry-After. */
    Limits limits();
  }

  /** One client's limits on a route (the client as {@link #trustedProxies()} tells it). */
  interface Limits {
    /** Requests per {@link #period()} on average; 0 for no limit. */
    @WithDefault("600")
    long requests();

    /** The period of {@link #requests()}. */
    @WithDefault("1m")
    Duration period();

    /** Requests that may come at once before the average applies; 0 means {@link #requests()}. */
    @WithDefault("200")
    long burst();

    /** WebSockets open at once; 0 for no limit. */
    @WithDefault("30")
    int sockets();
  }
}
