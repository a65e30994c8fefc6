package com.widgetforge.widget.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /ws/price-stream}: public live prices. Send {@code {"subscribe":["EURUSD"]}} to get those
 * symbols' latest ticks at once, then every update and every opening or closing of their market;
 * send nothing to get every symbol about once a second. Every tick carries {@code "market":
 * "open"|"closed"}. Bad messages get {@code {"type":"error","message":...}}.
 */
@WebSocket(path = "/ws/price-stream")
public class PriceStreamSocket {

  private final PriceStreamHub hub;
  private final StreamConfig config;
  private final ObjectMapper json;

  public PriceStreamSocket(PriceStreamHub hub, StreamConfig config, ObjectMapper json) {
    this.hub = hub;
    this.config = config;
    this.json = json;
  }

  @OnOpen
  void onOpen(WebSocketConnection connection) {
    hub.opened(connection);
  }

  @OnTextMessage
  String onMessage(WebSocketConnection connection, String text) {
    if (!hub.admit(connection)) {
      return StreamErrors.tooManyMessages(json, config);
    }
    try {
      return hub.apply(connection, StreamRequest.parse(text, config.maxMessageBytes(), json));
    } catch (StreamRequest.Invalid invalid) {
      return StreamErrors.error(json, invalid.getMessage());
    }
  }

  @OnError
  Uni<Void> onError(WebSocketConnection connection, Throwable error) {
    return StreamErrors.closeOn(connection, error);
  }

  /** Browsers answer the server's pings on their own: a pong shows the client is alive. */
  @OnPongMessage
  void onPong(WebSocketConnection connection, Buffer data) {
    hub.seen(connection);
  }

  @OnClose
  void onClose(WebSocketConnection connection) {
    hub.closed(connection);
  }
}
