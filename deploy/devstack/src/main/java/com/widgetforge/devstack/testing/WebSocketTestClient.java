package com.widgetforge.devstack.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) that queues every text message it receives, for tests. */
public final class WebSocketTestClient implements AutoCloseable {

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private WebSocketTestClient(URI uri, Map<String, String> headers) {
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    this.socket = builder.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
  }

  public static WebSocketTestClient connect(URI uri) {
    return new WebSocketTestClient(uri, Map.of());
  }

  /** Connects sending {@code headers} with the handshake (a browser's Cookie and Origin, say). */
  public static WebSocketTestClient connect(URI uri, Map<String, String> headers) {
    return new WebSocketTestClient(uri, headers);
  }

  public void send(String text) {
    socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** The next message, or null if none came within {@code timeout}. */
  public String next(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The first message that matches, skipping others; fails if none came within {@code timeout}. */
  public String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String message = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
      if (message == null) {
        throw new AssertionError("no matching message within " + timeout);
      }
      if (wanted.test(message)) {
        return message;
      }
    }
  }

  /** The close status code the server sent, once the connection has closed. */
  public CompletableFuture<Integer> closed() {
    return closed;
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket
          .sendClose(WebSocket.NORMAL_CLOSURE, "bye")
          .orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
