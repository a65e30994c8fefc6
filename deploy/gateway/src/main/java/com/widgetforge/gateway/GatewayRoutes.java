package com.widgetforge.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Installs the edge: every request whose path matches a configured route is proxied (WebSocket
 * upgrades included) to one of that route's targets, in turn. The gateway's own {@code /q/}
 * endpoints answer for the gateway; the services' {@code /q/} endpoints are never exposed.
 */
@ApplicationScoped
public class GatewayRoutes {

  /** After Quarkus's own routes (its /q/ endpoints), before nothing. */
  private static final int ORDER = 10_000;

  void install(@Observes Router router, Vertx vertx, GatewayConfig config) {
    HttpClient requests = backendClient(vertx, config, config.maxConnectionsPerBackend());
    // A proxied WebSocket keeps its backend connection from the pool until it closes.
    HttpClient webSockets = backendClient(vertx, config, config.maxWebSocketsPerBackend());
    RouteTable table =
        new RouteTable(
            config.routes().entrySet().stream()
                .collect(
                    Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().prefixes())));
    Map<String, ProxyHandler> proxies = new HashMap<>();
    Map<String, ProxyHandler> webSocketProxies = new HashMap<>();
    config
        .routes()
        .forEach(
            (name, route) -> {
              OriginSelector origins =
                  new OriginSelector(vertx, name, route.targets(), config.resolveInterval());
              proxies.put(name, ProxyHandler.create(proxyTo(requests, origins)));
              webSocketProxies.put(name, ProxyHandler.create(proxyTo(webSockets, origins)));
            });

    router.route().order(ORDER).handler(SecurityHeaders::add);
    router
        .route()
        .order(ORDER + 1)
        .handler(
            context -> {
              String path = context.normalizedPath();
              if (path.equals("/q") || path.startsWith("/q/")) {
                notFound(context);
                return;
              }
              table
                  .routeFor(path)
                  .ifPresentOrElse(
                      route ->
                          (isWebSocketUpgrade(context.request()) ? webSocketProxies : proxies)
                              .get(route)
                              .handle(context),
                      () -> notFound(context));
            });
  }

  private static HttpClient backendClient(Vertx vertx, GatewayConfig config, int maxConnections) {
    return vertx.createHttpClient(
        new HttpClientOptions()
            .setConnectTimeout((int) config.connectTimeout().toMillis())
            .setMaxPoolSize(maxConnections)
            .setMaxWebSockets(maxConnections)
            .setKeepAlive(true));
  }

  private static boolean isWebSocketUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  private static HttpProxy proxyTo(HttpClient client, OriginSelector origins) {
    HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client);
    proxy.originSelector(origins::next);
    proxy.addInterceptor(new ForwardedHeaders());
    return proxy;
  }

  /** A route's instances, used in turn; their names are looked up again now and then. */
  private static final class OriginSelector {
    private final AtomicReference<List<SocketAddress>> addresses;
    private final AtomicInteger next = new AtomicInteger();

    OriginSelector(Vertx vertx, String name, List<URI> targets, Duration resolveEvery) {
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("gateway route " + name + " has no targets");
      }
      addresses = new AtomicReference<>(Replicas.of(targets, InetAddress::getAllByName));
      // Replicas come and go (docker compose --scale): look the names up again now and then.
      vertx.setPeriodic(
          resolveEvery.toMillis(),
          id ->
              vertx
                  .<List<SocketAddress>>executeBlocking(
                      () -> Replicas.of(targets, InetAddress::getAllByName), false)
                  .onSuccess(addresses::set));
    }

    Future<SocketAddress> next(HttpServerRequest request) {
      List<SocketAddress> current = addresses.get();
      return Future.succeededFuture(
          current.get(Math.floorMod(next.getAndIncrement(), current.size())));
    }
  }

  private static void notFound(RoutingContext context) {
    context
        .response()
        .setStatusCode(404)
        .putHeader("Content-Type", "application/problem+json")
        .end(
            new JsonObject(
                    new LinkedHashMap<>(
                        Map.of(
                            "status", 404,
                            "title", "Not Found",
                            "detail", "no route for this path")))
                .encode());
  }

  /**
   * Tells the service who called and how, as the de-facto X-Forwarded-* headers. The gateway is the
   * edge, so whatever a client claims in these headers is replaced, never appended to: services
   * throttle logins by this address and must not be fooled by a forged one.
   */
  private static final class ForwardedHeaders implements ProxyInterceptor {
    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      HttpServerRequest original = context.request().proxiedRequest();
      String client =
          original.remoteAddress() == null ? "" : original.remoteAddress().hostAddress();
      context
          .request()
          .putHeader("X-Forwarded-For", client)
          .putHeader("X-Forwarded-Proto", original.scheme())
          .putHeader(
              "X-Forwarded-Host",
              original.authority() == null ? "" : original.authority().toString());
      return context.sendRequest();
    }
  }
}
