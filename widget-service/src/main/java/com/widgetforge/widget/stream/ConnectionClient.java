package com.widgetforge.widget.stream;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * A stream client on a Quarkus WebSockets Next connection (the account stream): its bound is a
 * count of messages handed to the connection and not yet written.
 */
public final class ConnectionClient extends StreamClient {

  private static final Logger LOG = Logger.getLogger(ConnectionClient.class);

  private final WebSocketConnection connection;
  private final int maxPending;
  private final AtomicInteger queued = new AtomicInteger();

  public ConnectionClient(WebSocketConnection connection, int maxPending) {
    this.connection = connection;
    this.maxPending = maxPending;
  }

  @Override
  public String id() {
    return connection.id();
  }

  public WebSocketConnection connection() {
    return connection;
  }

  @Override
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  protected boolean saturated() {
    return queued.get() >= maxPending;
  }

  /** Sends {@code text} unless the client is saturated; returns false when it was dropped. */
  public boolean send(String text) {
    if (!connection.isOpen()) {
      return true;
    }
    if (saturated()) {
      return false;
    }
    queued.incrementAndGet();
    connection
        .sendText(text)
        .subscribe()
        .with(
            done -> queued.decrementAndGet(),
            failure -> {
              queued.decrementAndGet();
              LOG.debugf("send to %s failed: %s", id(), failure.getMessage());
            });
    return true;
  }

  @Override
  protected void close(int code, String reason) {
    connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {}, e -> {});
  }
}
