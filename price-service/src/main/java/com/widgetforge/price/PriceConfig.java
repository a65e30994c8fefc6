package com.widgetforge.price;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** price-service configuration, under {@code price.}. */
@ConfigMapping(prefix = "price")
public interface PriceConfig {

  /** The fastest polling allowed: a terminal is not a busy loop. */
  Duration POLL_INTERVAL_FLOOR = Duration.ofMillis(50);

  /** Id of the terminal this instance reads; tick messages carry it. */
  @WithDefault("sim-1")
  String terminalId();

  /** How often the terminal is polled for ticks (at least 50 ms). */
  @WithDefault("250ms")
  Duration pollInterval();

  Simulator simulator();

  /** The simulated terminal. */
  interface Simulator {
    /** Seed of the random walk; unset means a new walk each start. */
    OptionalLong seed();

    /** Symbols to quote, from the simulator's catalogue; unset means all of it. */
    Optional<List<String>> symbols();
  }
}
