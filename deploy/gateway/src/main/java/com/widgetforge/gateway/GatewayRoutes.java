package com.widgetforge.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
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
import java.util.concurrent.atomic.AtomicBoolean;
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

  /** When a client that holds its most WebSockets is told to try again. */
  private static final long SOCKET_RETRY_SECONDS = 10;

  void install(@Observes Router router, Vertx vertx, GatewayConfig config) {
    // A request's backend connection is dropped once it has been silent past the timeout.
    HttpClient requests =
        backendClient(
            vertx,
            config,
            config.maxConnectionsPerBackend(),
            (int) config.backendTimeout().plusSeconds(5).toSeconds());
    // A proxied WebSocket keeps its backend connection from the pool until it closes.
    HttpClient webSockets = backendClient(vertx, config, config.maxWebSocketsPerBackend(), 0);
    RouteTable table =
        new RouteTable(
            config.routes().entrySet().stream()
                .collect(
                    Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().prefixes())));
    ClientAddresses addresses = new ClientAddresses(config.trustedProxies().orElse(List.of()));
    Map<String, ProxyHandler> proxies = new HashMap<>();
    Map<String, ProxyHandler> webSocketProxies = new HashMap<>();
    Map<String, EdgeLimits> limits = new HashMap<>();
    config
        .routes()
        .forEach(
            (name, route) -> {
              OriginSelector origins =
                  new OriginSelector(vertx, name, route.targets(), config.resolveInterval());
              ForwardedHeaders forwarded = new ForwardedHeaders(addresses);
              proxies.put(
                  name,
                  ProxyHandler.create(
                      proxyTo(
                          requests,
                          origins,
                          forwarded,
                          new Deadline(vertx, config.backendTimeout()))));
              webSocketProxies.put(
                  name, ProxyHandler.create(proxyTo(webSockets, origins, forwarded, null)));
              limits.put(name, new EdgeLimits(route.limits()));
            });

    router.route().order(ORDER).handler(new SecurityHeaders(addresses, config.hsts())::add);
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
                      route -> {
                        String client = addresses.of(context.request()).address();
                        EdgeLimits edge = limits.get(route);
                        if (!admitted(context, edge, client)) {
                          return;
                        }
                        if (isWebSocketUpgrade(context.request())) {
                          webSocketProxies.get(route).handle(context);
                        } else {
                          proxies.get(route).handle(context);
                        }
                      },
                      () -> notFound(context));
            });
  }

  /**
   * Whether the client is within the route's limits; if not, it has been answered 429 with
   * Retry-After. An admitted WebSocket counts against its client until its connection closes.
   */
  private static boolean admitted(RoutingContext context, EdgeLimits edge, String client) {
    GatewayConfig.Limits limits = edge.limits();
    long wait = edge.takeRequest(client);
    if (wait > 0) {
      tooMany(
          context,
          wait,
          "at most "
              + limits.requests()
              + " requests per "
              + limits.period().toSeconds()
              + " s from one client");
      return false;
    }
    if (!isWebSocketUpgrade(context.request())) {
      return true;
    }
    if (!edge.openSocket(client)) {
      tooMany(
          context,
          SOCKET_RETRY_SECONDS,
          "at most " + limits.sockets() + " WebSockets open at once from one client");
      return false;
    }
    AtomicBoolean counted = new AtomicBoolean(true);
    Runnable release =
        () -> {
          if (counted.compareAndSet(true, false)) {
            edge.closeSocket(client);
          }
        };
    // Upgraded, the connection is the socket's alone; refused, the connection may live on. The
    // proxy takes the connection's one close handler for itself, so the count listens to the
    // channel underneath, where any number may listen.
    HttpConnection connection = context.request().connection();
    if (connection instanceof ConnectionBase base) {
      base.channel().closeFuture().addListener(closed -> release.run());
    } else {
      connection.closeHandler(closed -> release.run());
    }
    context
        .response()
        .endHandler(
            ended -> {
              if (context.response().getStatusCode() != 101) {
                release.run();
              }
            });
    return true;
  }

  private static void tooMany(RoutingContext context, long retryAfterSeconds, String detail) {
    context
        .response()
        .setStatusCode(429)
        .putHeader("Retry-After", String.valueOf(retryAfterSeconds))
        .putHeader("Content-Type", "application/problem+json")
        .end(problem(429, "Too Many Requests", detail));
  }

  private static HttpClient backendClient(
      Vertx vertx, GatewayConfig config, int maxConnections, int idleTimeoutSeconds) {
    return vertx.createHttpClient(
        new HttpClientOptions()
            .setConnectTimeout((int) config.connectTimeout().toMillis())
            .setIdleTimeout(idleTimeoutSeconds)
            .setMaxPoolSize(maxConnections)
            .setMaxWebSockets(maxConnections)
            .setKeepAlive(true));
  }

  private static boolean isWebSocketUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  private static HttpProxy proxyTo(
      HttpClient client, OriginSelector origins, ForwardedHeaders forwarded, Deadline deadline) {
    HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client);
    proxy.originSelector(origins::next);
    proxy.addInterceptor(forwarded);
    if (deadline != null) {
      proxy.addInterceptor(deadline);
    }
    return proxy;
  }

  /**
   * Answers 504 (problem JSON) when the backend has not started answering within the timeout; a
   * late answer is dropped with its connection.
   */
  private static final class Deadline implements ProxyInterceptor {
    private final Vertx vertx;
    private final long timeoutMs;

    Deadline(Vertx vertx, Duration timeout) {
      this.vertx = vertx;
      this.timeoutMs = Math.max(1, timeout.toMillis());
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      io.vertx.core.Promise<ProxyResponse> answer = io.vertx.core.Promise.promise();
      long timer =
          vertx.setTimer(
              timeoutMs,
              id ->
                  answer.tryComplete(
                      context
                          .request()
                          .response()
                          .setStatusCode(504)
                          .setStatusMessage("Gateway Timeout")
                          .putHeader("Content-Type", "application/problem+json")
                          .setBody(
                              io.vertx.httpproxy.Body.body(
                                  io.vertx.core.buffer.Buffer.buffer(
                                      problem(
                                          504,
                                          "Gateway Timeout",
                                          "the service did not answer in time"))))));
      context
          .sendRequest()
          .onComplete(
              sent -> {
                vertx.cancelTimer(timer);
                if (sent.succeeded()) {
                  answer.tryComplete(sent.result());
                } else {
                  answer.tryFail(sent.cause());
                }
              });
      return answer.future();
    }
  }

  private static String problem(int status, String title, String detail) {
    return new JsonObject(
            new LinkedHashMap<>(Map.of("status", status, "title", title, "detail", detail)))
        .encode();
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
        .end(problem(404, "Not Found", "no route for this path"));
  }

  /**
   * Tells the service who called and how, as the de-facto X-Forwarded-* headers. The gateway is the
   * edge, so whatever a client claims in these headers is replaced, never appended to (only a
   * trusted proxy's word is believed, see {@link ClientAddresses}): services throttle logins by
   * this address and must not be fooled by a forged one.
   */
  private static final class ForwardedHeaders implements ProxyInterceptor {
    private final ClientAddresses addresses;

    ForwardedHeaders(ClientAddresses addresses) {
      this.addresses = addresses;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      HttpServerRequest original = context.request().proxiedRequest();
      ClientAddresses.Client client = addresses.of(original);
      context
          .request()
          .putHeader("X-Forwarded-For", client.address())
          .putHeader("X-Forwarded-Proto", client.scheme())
          .putHeader(
              "X-Forwarded-Host",
              original.authority() == null ? "" : original.authority().toString());
      return context.sendRequest();
    }
  }
}
