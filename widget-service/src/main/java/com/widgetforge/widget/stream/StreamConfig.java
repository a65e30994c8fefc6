package com.widgetforge.widget.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Limits and pace of the browser price stream, under {@code widget.stream.}. */
@ConfigMapping(prefix = "widget.stream")
public interface StreamConfig {

  /** Largest client message answered; larger ones get an error. */
  @WithDefault("4096")
  int maxMessageBytes();

  /** Most messages a connection may send per second; more get an error, not an answer. */
  @WithDefault("10")
  int maxClientMessagesPerSecond();

  /** Most symbols one connection may subscribe to. */
  @WithDefault("50")
  int maxSymbols();

  /** Account stream: unsent messages one client may have before further updates are dropped. */
  @WithDefault("256")
  int maxPendingMessages();

  /**
   * Price stream: bytes written to one socket and not yet taken by the network (its Vert.x write
   * queue) before further updates to it are dropped; a client still full a check later is closed.
   */
  @WithDefault("65536")
  int maxPendingBytes();

  /**
   * How often the price stream pings each socket (the account stream: {@code
   * quarkus.websockets-next.server.auto-ping-interval}, which this follows by default).
   */
  @WithDefault("20s")
  Duration pingInterval();

  /**
   * Most ticks of one symbol a client is sent per second, sustained. Below it every tick goes out
   * at once; above it ticks are coalesced and the newest wins (a token bucket per symbol).
   */
  @WithDefault("4")
  @WithName("max-updates-per-second")
  int maxUpdatesPerSecond();

  /** How many ticks of one symbol may go out back to back after a quiet spell (the bucket). */
  @WithDefault("4")
  int updateBurst();

  /** How soon coalesced ticks are looked at again for sending (only while some wait). */
  @WithDefault("50ms")
  Duration flushInterval();

  /**
   * A connection that neither sent a message nor answered the server's pings ({@link
   * #pingInterval()}) for this long is closed.
   */
  @WithDefault("60s")
  Duration idleTimeout();

  /** How often a client that subscribed to nothing gets every symbol. */
  @WithDefault("1s")
  Duration broadcastInterval();
}
