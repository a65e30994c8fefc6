package com.widgetforge.gateway;

import com.widgetforge.devstack.infra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real HTTP and WebSocket servers standing in for the services behind the gateway: each answers
 * with its name, the URI it got and the forwarding headers, and echoes WebSocket text.
 */
public class FakeBackends implements QuarkusTestResourceLifecycleManager {

  private Vertx vertx;
  private final List<HttpServer> servers = new ArrayList<>();

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    Map<String, String> config = new HashMap<>();
    config.put("gateway.routes.auth.targets", serve("auth"));
    config.put("gateway.routes.price.targets", serve("price-a") + "," + serve("price-b"));
    config.put("gateway.routes.account.targets", serve("account"));
    config.put("gateway.routes.widget.targets", serve("widget"));
    config.put("gateway.routes.dead.prefixes", "/dead");
    config.put("gateway.routes.dead.targets", "http://127.0.0.1:" + Ports.free());
    // A backend that takes requests and never answers: a hung service.
    config.put("gateway.routes.stuck.prefixes", "/stuck");
    config.put("gateway.routes.stuck.targets", serveNothing());
    config.put("gateway.backend-timeout", "1s");
    // Routes with small per-client limits (EdgeLimitsTest); the others keep the defaults.
    config.put("gateway.routes.limited.prefixes", "/limited");
    config.put("gateway.routes.limited.targets", serve("limited"));
    config.put("gateway.routes.limited.limits.requests", "5");
    config.put("gateway.routes.limited.limits.burst", "5");
    config.put("gateway.routes.limited.limits.period", "1h");
    config.put("gateway.routes.sockets.prefixes", "/sockets");
    config.put("gateway.routes.sockets.targets", serve("sockets"));
    config.put("gateway.routes.sockets.limits.sockets", "2");
    // A small request pool, so that WebSocketPoolTest shows open WebSockets do not use it up.
    config.put("gateway.max-connections-per-backend", "2");
    return config;
  }

  private String serve(String name) {
    HttpServer server =
        vertx
            .createHttpServer()
            .webSocketHandler(
                socket ->
                    socket.textMessageHandler(text -> socket.writeTextMessage(name + ":" + text)))
            .requestHandler(
                request ->
                    request
                        .response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Server", "backend-" + name)
                        .end(
                            new JsonObject()
                                .put("backend", name)
                                .put("uri", request.uri())
                                .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                                .put("forwardedHost", request.getHeader("X-Forwarded-Host"))
                                .put("forwardedProto", request.getHeader("X-Forwarded-Proto"))
                                .encode()));
    return listen(name, server);
  }

  private String serveNothing() {
    return listen("stuck", vertx.createHttpServer().requestHandler(request -> {}));
  }

  private String listen(String name, HttpServer server) {
    try {
      server
          .listen(Ports.free(), "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("fake backend " + name + " did not start", e);
    }
    servers.add(server);
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
