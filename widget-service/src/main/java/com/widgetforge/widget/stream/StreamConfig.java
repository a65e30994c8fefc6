package com.widgetforge.widget.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits and pace of the browser price stream, under {@code widget.stream.}. */
@ConfigMapping(prefix = "widget.stream")
public interface StreamConfig {

  /** Largest client message answered; larger ones get an error. */
  @WithDefault("4096")
  int maxMessageBytes();

  /** Most symbols one connection may subscribe to. */
  @WithDefault("50")
  int maxSymbols();

  /** Unsent messages one client may have before further updates to it are dropped. */
  @WithDefault("256")
  int maxPendingMessages();

  /** How often a client that subscribed to nothing gets every symbol. */
  @WithDefault("1s")
  Duration broadcastInterval();
}
