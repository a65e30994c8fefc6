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

  /**
   * How often each symbol's latest price and market state are written to {@code price.latest}
   * (while it moves; a market opening or closing is written at the next beat).
   */
  @WithDefault("1s")
  Duration latestInterval();

  /**
   * How often each polled symbol's day open (for {@code price.latest}'s {@code dayOpen}) is read
   * from the stored D1 bars: at most this late after the D1 bar rolls over.
   */
  @WithDefault("10s")
  Duration dayOpenRefresh();

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
     * How many bars may wait to be written while PostgreSQL does not take them (one per symbol,
     * timeframe and open time); beyond it, those that closed longest ago are dropped.
     */
    @WithDefault("50000")
    int maxPendingBars();

    /**
     * How long bars are kept, by timeframe ({@code price.history.retention.M1=30d}); unset:
     * forever.
     */
    Map<String, Duration> retention();
  }

  /**
   * Trading calendars by symbol category ({@code fx}, {@code metal}, {@code index}, {@code crypto},
   * {@code energy}, {@code stock}, {@code other}, or {@code default} for any without one), e.g.
   * {@code price.market-hours.index=Mon-Fri 13:30-20:00 UTC}; see MarketHours for the defaults.
   */
  Map<String, String> marketHours();

  /** The MT5 terminals by id. */
  Map<String, Terminal> terminals();

  /** One terminal. */
  interface Terminal {
    /**
     * {@code simulated} (the built-in simulator), {@code jna} (a real terminal through the native
     * bridge) or {@code off} (not polled by this instance, e.g. one that only serves the APIs).
     */
    @WithDefault("simulated")
    String adapter();

    /**
     * Symbols to quote, by canonical name; unset: the simulator's whole catalogue, or what a real
     * terminal shows in Market Watch.
     */
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

    /** jna: how long the bridge may take to start and log in to the terminal, or read history. */
    @WithDefault("10s")
    Duration connectTimeout();

    /**
     * jna: how long one call (a tick, a symbol list) may take before the bridge gives up on the
     * terminal, stops its worker and reports the terminal disconnected (to reconnect).
     */
    @WithDefault("5s")
    Duration callDeadline();

    /**
     * jna: the trade server's time zone (IANA, e.g. {@code EET} or {@code Europe/Athens}); unset:
     * the offset is detected from fresh ticks (whole hours) and logged.
     */
    Optional<String> serverZone();

    /** jna: {@code TERMINAL_NAME=CANONICAL_NAME} pairs, e.g. {@code GER40.cash=DE40}. */
    Optional<List<String>> aliases();

    /** jna: the broker's prefix on symbol names ({@code #} in {@code #US30}), stripped. */
    Optional<String> symbolPrefix();

    /** jna: the broker's suffix on symbol names ({@code .raw} in {@code EURUSD.raw}), stripped. */
    Optional<String> symbolSuffix();

    /**
     * jna (production bridge): the Python interpreter that runs the worker; default {@code python}
     * on Windows, {@code python3} elsewhere.
     */
    Optional<String> python();

    /** jna (production bridge): the worker script; default mt5worker.py next to the library. */
    Optional<String> worker();

    /**
     * Which terminal quotes a symbol that several quote: the connected one with the lowest priority
     * (then the lowest id); another takes over while it is not connected.
     */
    @WithDefault("100")
    int priority();
  }

  default Duration effectiveCallTimeout() {
    return callTimeout().orElse(pollInterval());
  }
}
