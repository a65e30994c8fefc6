package com.widgetforge.widget.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slow reader is bounded: over a real loopback WebSocket whose client stops reading, the server's
 * writes stop at the socket's write queue (plus what the kernel buffers) and the rest is dropped;
 * still full a check later, the client is closed as not reading.
 */
class PriceStreamClientTest {

  private static final int PENDING_BYTES = 16 * 1024;
  private static final String FRAME = "{\"type\":\"tick\",\"pad\":\"" + "x".repeat(1000) + "\"}";

  private Vertx vertx;
  private HttpServer server;
  private final CompletableFuture<PriceStreamClient> opened = new CompletableFuture<>();

  @BeforeEach
  void server() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  // As PriceStreamSocket does: the connection's channel, for shared frames.
                  ChannelHandlerContext channel =
                      ((ConnectionBase) request.connection()).channelHandlerContext();
                  request
                      .toWebSocket()
                      .onSuccess(
                          socket ->
                              opened.complete(
                                  new PriceStreamClient(
                                      socket, channel, vertx.getOrCreateContext(), config())));
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aClientThatStopsReadingCostsABoundedQueueThenIsClosed() throws Exception {
    WebSocketClient connector = vertx.createWebSocketClient();
    WebSocket reader =
        connector
            .connect(server.actualPort(), "127.0.0.1", PriceStreamSocket.PATH)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    CompletableFuture<Short> closedWith = new CompletableFuture<>();
    reader.closeHandler(ignored -> closedWith.complete(reader.closeStatusCode()));
    reader.pause(); // reads nothing from here on
    PriceStreamClient client = opened.get(10, TimeUnit.SECONDS);

    // 20 MB offered, on the socket's own event loop as the hub writes.
    int offered = 20_000;
    CompletableFuture<Integer> accepted = new CompletableFuture<>();
    client
        .context()
        .runOnContext(
            ignored -> {
              // One encoding, shared by every write as the hub's are.
              ByteBuf frame = TextFrames.encode(FRAME);
              int sent = 0;
              for (int i = 0; i < offered; i++) {
                if (client.send(frame)) {
                  sent++;
                }
              }
              frame.release();
              accepted.complete(sent);
            });
    int sent = accepted.get(30, TimeUnit.SECONDS);
    assertTrue(sent < offered, "nothing was dropped: " + sent + " of " + offered + " queued");
    // What was taken is the write queue plus what the kernel buffers on loopback: a few MB at most.
    assertTrue(
        (long) sent * FRAME.length() < 8L * 1024 * 1024,
        sent + " frames of " + FRAME.length() + " bytes queued for a client that reads nothing");
    assertTrue(client.saturated());
    ByteBuf frame = TextFrames.encode(FRAME);
    assertFalse(client.send(frame), "still full: the next update is dropped too");
    frame.release();

    // The hub's check runs every second: full twice in a row is "not reading".
    long now = System.currentTimeMillis();
    client.closeIfDead(Duration.ofMinutes(1).toMillis(), now);
    assertTrue(client.isOpen(), "closed on the first full check");
    client.closeIfDead(Duration.ofMinutes(1).toMillis(), now + 1000);
    reader.resume(); // to read the close frame behind the queued ones
    assertEquals((short) 1008, closedWith.get(30, TimeUnit.SECONDS));
  }

  private static StreamConfig config() {
    return new StreamConfig() {
      @Override
      public int maxMessageBytes() {
        return 4096;
      }

      @Override
      public int maxClientMessagesPerSecond() {
        return 10;
      }

      @Override
      public int maxSymbols() {
        return 50;
      }

      @Override
      public int maxPendingMessages() {
        return 256;
      }

      @Override
      public int maxPendingBytes() {
        return PENDING_BYTES;
      }

      @Override
      public Duration pingInterval() {
        return Duration.ofSeconds(20);
      }

      @Override
      public int maxUpdatesPerSecond() {
        return 4;
      }

      @Override
      public int updateBurst() {
        return 4;
      }

      @Override
      public Duration flushInterval() {
        return Duration.ofMillis(50);
      }

      @Override
      public Duration idleTimeout() {
        return Duration.ofSeconds(60);
      }

      @Override
      public Duration broadcastInterval() {
        return Duration.ofSeconds(1);
      }
    };
  }
}
