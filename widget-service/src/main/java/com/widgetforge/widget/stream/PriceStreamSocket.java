package com.widgetforge.widget.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * {@code /ws/price-stream}: public live prices. Send {@code {"subscribe":["EURUSD"]}} to get those
 * symbols' latest ticks at once, then every update and every opening or closing of their market;
 * send nothing to get every symbol about once a second. Every tick carries {@code "market":
 * "open"|"closed"}. Bad messages get {@code {"type":"error","message":...}}.
 *
 * <p>Served by Vert.x directly rather than as a WebSockets Next endpoint: the fan-out writes each
 * frame to thousands of sockets, and a write here is a write, with no future, Mutiny pipeline or
 * worker hand-over per message (a CPU profile at 5,000 sockets put those at about 40 % of the
 * service's time). The hub writes its messages to the connection's Netty channel as frames encoded
 * once per event loop (Vert.x's {@code ConnectionBase}, an implementation class, gives the
 * channel); replies to the client's own messages go through Vert.x. The server pings every {@code
 * widget.stream.ping-interval}.
 */
@ApplicationScoped
public class PriceStreamSocket {

  static final String PATH = "/ws/price-stream";

  private static final Logger LOG = Logger.getLogger(PriceStreamSocket.class);

  private final PriceStreamHub hub;
  private final StreamConfig config;
  private final ObjectMapper json;

  public PriceStreamSocket(PriceStreamHub hub, StreamConfig config, ObjectMapper json) {
    this.hub = hub;
    this.config = config;
    this.json = json;
  }

  void install(@Observes Router router) {
    router.route(HttpMethod.GET, PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext request) {
    String upgrade = request.request().getHeader("Upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      refuse(request, "a WebSocket upgrade is expected here");
      return;
    }
    // Vert.x's handler of the connection (it stays the socket's): where the hub writes frames it
    // encoded once for every socket of an event loop. Vert.x upgrades only HTTP/1.1 connections.
    if (!(request.request().connection() instanceof ConnectionBase connection)) {
      refuse(request, "a WebSocket needs an HTTP/1.1 connection");
      return;
    }
    ChannelHandlerContext channel = connection.channelHandlerContext();
    request
        .request()
        .toWebSocket()
        .onSuccess(socket -> opened(socket, channel))
        .onFailure(error -> LOG.debugf("price stream upgrade failed: %s", error.getMessage()));
  }

  private static void refuse(RoutingContext request, String why) {
    request
        .response()
        .setStatusCode(400)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(why);
  }

  private void opened(ServerWebSocket socket, ChannelHandlerContext channel) {
    PriceStreamClient client = hub.opened(socket, channel, Vertx.currentContext());
    socket.textMessageHandler(text -> socket.writeTextMessage(answer(client, text)));
    socket.binaryMessageHandler(
        data ->
            socket.writeTextMessage(
                StreamErrors.error(json, "send text messages: binary ones are not understood")));
    socket.pongHandler(data -> client.seen());
    socket.exceptionHandler(error -> failed(client, error));
    socket.closeHandler(closed -> hub.closed(client));
  }

  private String answer(PriceStreamClient client, String text) {
    client.seen();
    if (!client.admit(config.maxClientMessagesPerSecond())) {
      return StreamErrors.tooManyMessages(json, config);
    }
    try {
      return hub.apply(client, StreamRequest.parse(text, config.maxMessageBytes(), json));
    } catch (StreamRequest.Invalid invalid) {
      return StreamErrors.error(json, invalid.getMessage());
    }
  }

  /**
   * A frame the client got wrong (too big, malformed) closes with Netty's code for it (1009 message
   * too big, 1002 protocol error), a connection the client dropped (or that closed while the
   * service stops) just ends, anything else is the server's own fault: logged and closed with 1011.
   */
  private void failed(PriceStreamClient client, Throwable error) {
    if (error instanceof CorruptedWebSocketFrameException corrupted) {
      client.close(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
    } else if (StreamErrors.tooBig(error)) {
      client.close(StreamErrors.MESSAGE_TOO_BIG, "message too big");
    } else if (error instanceof IOException || error instanceof HttpClosedException) {
      LOG.debugf("price stream %s: %s", client.id(), error.getMessage());
    } else {
      LOG.errorf(error, "%s: closing after an unexpected error", PATH);
      client.close(1011, "internal error");
    }
  }
}
