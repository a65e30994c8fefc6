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

  /** Unsent messages one client may have before further updates to it are dropped. */
  @WithDefault("256")
  int maxPendingMessages();

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
   * A connection that neither sent a message nor answered the server's pings ({@code
   * quarkus.websockets-next.server.auto-ping-interval}) for this long is closed.
   */
  @WithDefault("60s")
  Duration idleTimeout();

  /** How often a client that subscribed to nothing gets every symbol. */
  @WithDefault("1s")
  Duration broadcastInterval();
}
