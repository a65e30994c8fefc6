package com.widgetforge.widget.stream;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One browser connection as a stream hub sees it: how many messages it has not been sent yet (a
 * bound, so a slow reader never grows server memory), whether it stayed saturated, and when it last
 * showed signs of life (a message or a pong).
 */
public class StreamClient {

  private static final Logger LOG = Logger.getLogger(StreamClient.class);

  private final WebSocketConnection connection;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean stalled = new AtomicBoolean();
  private final AtomicLong lastSeen = new AtomicLong(System.currentTimeMillis());

  public StreamClient(WebSocketConnection connection) {
    this.connection = connection;
  }

  public String id() {
    return connection.id();
  }

  public WebSocketConnection connection() {
    return connection;
  }

  public void seen() {
    lastSeen.set(System.currentTimeMillis());
  }

  private long windowSecond;
  private int inWindow;

  /**
   * Whether a message from the client may be answered: at most {@code perSecond} in any calendar
   * second; beyond that it gets an error instead of work (database lookups, JSON).
   */
  public synchronized boolean admit(int perSecond) {
    long second = System.currentTimeMillis() / 1000;
    if (second != windowSecond) {
      windowSecond = second;
      inWindow = 0;
    }
    return ++inWindow <= perSecond;
  }

  /**
   * Sends {@code text} unless the client already has {@code maxPending} unsent messages; returns
   * false when the message was dropped.
   */
  public boolean send(String text, int maxPending) {
    if (!connection.isOpen()) {
      return true;
    }
    if (queued.get() >= maxPending) {
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

  /**
   * Closes the connection when it stayed saturated over two checks (it does not read) or showed no
   * sign of life (no message, no pong to the server's pings) for {@code idleMsc}.
   */
  public void closeIfDead(int maxPending, long idleMsc, long nowMsc) {
    boolean saturated = queued.get() >= maxPending;
    boolean wasSaturated = stalled.getAndSet(saturated);
    String reason = null;
    if (saturated && wasSaturated) {
      reason = "not reading";
    } else if (nowMsc - lastSeen.get() > idleMsc) {
      reason = "idle";
    }
    if (reason != null && connection.isOpen()) {
      LOG.infof("closing stream %s: %s", id(), reason);
      connection.close(new CloseReason(1008, reason)).subscribe().with(ok -> {}, e -> {});
    }
  }
}
