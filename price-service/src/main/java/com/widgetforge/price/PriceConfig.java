package com.widgetforge.price;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** price-service configuration, under {@code price.}. */
@ConfigMapping(prefix = "price")
public interface PriceConfig {

  /** The fastest polling allowed: a terminal is not a busy loop. */
  Duration POLL_INTERVAL_FLOOR = Duration.ofMillis(50);

  /** How often each terminal is polled for ticks (at least 50 ms). */
  @WithDefault("250ms")
  Duration pollInterval();

  /** How long one call to a terminal may take before it is reported stale; unset: one interval. */
  Optional<Duration> callTimeout();

  /** Longest wait between reconnection attempts to a failing terminal. */
  @WithDefault("30s")
  Duration maxBackoff();

  /** A price older than this, or from a terminal that does not answer, is marked stale. */
  @WithDefault("30s")
  Duration staleAfter();

  /** Poll only this terminal, so that each terminal can run (and scale) as its own process. */
  Optional<String> pinTerminal();

  /** Chart history. */
  History history();

  /** Chart history settings. */
  interface History {
    /** How often bars built from ticks are written to PostgreSQL and published. */
    @WithDefault("1s")
    Duration flushInterval();

    /** On a first start, how many bars of each timeframe to read from the terminal. */
    @WithDefault("1500")
    int backfillBars();

    /**
     * How long bars are kept, by timeframe ({@code price.history.retention.M1=30d}); unset:
     * forever.
     */
    Map<String, Duration> retention();
  }

  /** The MT5 terminals by id. */
  Map<String, Terminal> terminals();

  /** One terminal. */
  interface Terminal {
    /** {@code simulated} (the built-in simulator). */
    @WithDefault("simulated")
    String adapter();

    /** Symbols to quote; unset: all the terminal offers (the simulator's whole catalogue). */
    Optional<List<String>> symbols();

    /**
     * The old poller's symbol list file (one symbol a line, {@code #} comments) as the symbols to
     * quote; instead of {@link #symbols()}.
     */
    Optional<java.nio.file.Path> symbolsFile();

    /** Simulator: seed of the random walk; unset means a new walk each start. */
    OptionalLong seed();

    /** jna: path of the bridge library implementing mt5bridge.h ({@code .dll} / {@code .so}). */
    Optional<String> library();

    /** jna: the terminal's installation ({@code terminal64.exe}) path. */
    Optional<String> path();

    /** jna: the trading account's login number. */
    OptionalLong login();

    /** jna: the investor (read-only) password; from the environment or a secret, never logged. */
    Optional<String> password();

    /** jna: the broker's trade server. */
    Optional<String> server();

    /** jna: how long the bridge may take to start and log in to the terminal. */
    @WithDefault("10s")
    Duration connectTimeout();
  }

  default Duration effectiveCallTimeout() {
    return callTimeout().orElse(pollInterval());
  }
}
