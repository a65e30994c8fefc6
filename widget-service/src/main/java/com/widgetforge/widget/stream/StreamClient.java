package com.widgetforge.widget.stream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One browser connection as a stream hub sees it, whatever carries it: whether it may be sent more
 * (a bound on what it has not been sent yet, so a slow reader never grows server memory), whether
 * it stayed saturated, when it last showed signs of life (a message or a pong) and how many
 * messages it sent this second.
 */
public abstract class StreamClient {

  private static final Logger LOG = Logger.getLogger(StreamClient.class);

  private final AtomicBoolean stalled = new AtomicBoolean();
  private final AtomicLong lastSeen = new AtomicLong(System.currentTimeMillis());
  private long windowSecond;
  private int inWindow;

  /** The connection's id, for logs. */
  public abstract String id();

  public abstract boolean isOpen();

  /** Whether the client has as much unsent as it may have: more is dropped, not queued. */
  protected abstract boolean saturated();

  /** Closes the connection with a WebSocket close code and reason. */
  protected abstract void close(int code, String reason);

  public void seen() {
    lastSeen.set(System.currentTimeMillis());
  }

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
   * Closes the connection when it stayed saturated over two checks (it does not read) or showed no
   * sign of life (no message, no pong to the server's pings) for {@code idleMsc}.
   */
  public void closeIfDead(long idleMsc, long nowMsc) {
    boolean saturated = saturated();
    boolean wasSaturated = stalled.getAndSet(saturated);
    String reason = null;
    if (saturated && wasSaturated) {
      reason = "not reading";
    } else if (nowMsc - lastSeen.get() > idleMsc) {
      reason = "idle";
    }
    if (reason != null && isOpen()) {
      LOG.infof("closing stream %s: %s", id(), reason);
      close(1008, reason);
    }
  }
}
