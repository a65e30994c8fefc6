package com.widgetforge.price.terminal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Polls one terminal every interval on threads of its own, so that a slow, hung or failing terminal
 * never delays another. At most one call is outstanding: a call that outlives the call timeout
 * marks the terminal {@link TerminalState#STALE} and no new call is made until it answers (a hung
 * native call cannot be interrupted, and piling up threads behind it would only make things worse).
 * A failed call marks it {@link TerminalState#DISCONNECTED} and the next attempt, which reconnects,
 * waits an exponential backoff.
 */
public final class TerminalPoller implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TerminalPoller.class);

  /** Where a poller reports: ticks as they come, and each change of state. */
  public interface Listener {
    void ticks(String terminalId, List<Tick> ticks, long pollStartedNanos);

    void stateChanged(TerminalStatus status);

    /** The symbols the terminal offers, after each (re)connection. */
    default void symbolsKnown(String terminalId, List<SymbolInfo> symbols) {}
  }

  private final QuoteSource source;
  private final Duration interval;
  private final Duration callTimeout;
  private final Duration connectTimeout;
  private final Listener listener;
  private final Backoff backoff;
  private final ScheduledExecutorService timer;
  private final ExecutorService caller;
  private final AtomicLong completedPolls = new AtomicLong();

  private CompletableFuture<List<Tick>> inFlight;
  private CompletableFuture<?> exclusive;
  private long retryAtNanos;
  private volatile boolean needsConnect = true;
  private volatile TerminalStatus status;

  public TerminalPoller(
      QuoteSource source,
      Duration interval,
      Duration callTimeout,
      Duration connectTimeout,
      Duration maxBackoff,
      Listener listener) {
    this.source = source;
    this.interval = interval;
    this.callTimeout = callTimeout;
    this.connectTimeout = connectTimeout;
    this.listener = listener;
    this.backoff = new Backoff(interval, maxBackoff);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            daemon("terminal-" + source.terminalId() + "-timer"));
    this.caller =
        Executors.newSingleThreadExecutor(daemon("terminal-" + source.terminalId() + "-calls"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  public TerminalPoller start() {
    timer.scheduleAtFixedRate(this::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    return this;
  }

  public String terminalId() {
    return source.terminalId();
  }

  public QuoteSource source() {
    return source;
  }

  /** The latest state, or null before the first call has answered or timed out. */
  public TerminalStatus status() {
    return status;
  }

  /** Polls that answered since start. */
  public long completedPolls() {
    return completedPolls.get();
  }

  /**
   * Runs {@code work} on the terminal's own thread, after the call in flight; polling pauses until
   * it ends. Work that has not answered within {@code deadline} of starting marks the terminal
   * stale, as a hung poll would; its answer, when it comes, lets polling resume.
   */
  public synchronized <T> CompletableFuture<T> exclusive(
      Function<QuoteSource, T> work, Duration deadline) {
    CompletableFuture<T> job =
        CompletableFuture.supplyAsync(
            () -> {
              ScheduledFuture<?> timeout =
                  timer.schedule(
                      () -> exclusiveTimedOut(deadline), deadline.toNanos(), TimeUnit.NANOSECONDS);
              try {
                return work.apply(source);
              } finally {
                timeout.cancel(false);
              }
            },
            caller);
    exclusive = job;
    job.whenComplete(
        (result, failure) -> {
          synchronized (this) {
            if (exclusive == job) {
              exclusive = null;
            }
          }
        });
    return job;
  }

  private synchronized void exclusiveTimedOut(Duration deadline) {
    if (exclusive != null && !exclusive.isDone()) {
      changeState(TerminalState.STALE, "no answer within " + deadline.toMillis() + " ms");
    }
  }

  /** How long a login, or one history read, may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  private synchronized void tick() {
    long now = System.nanoTime();
    if (inFlight != null || exclusive != null || now < retryAtNanos) {
      return;
    }
    // Logging in to a terminal takes seconds; a poll of a connected one, milliseconds.
    Duration budget = needsConnect ? connectTimeout.plus(callTimeout) : callTimeout;
    CompletableFuture<List<Tick>> call = CompletableFuture.supplyAsync(this::call, caller);
    inFlight = call;
    ScheduledFuture<?> deadline =
        timer.schedule(() -> timedOut(call, budget), budget.toNanos(), TimeUnit.NANOSECONDS);
    call.whenComplete(
        (ticks, error) -> {
          deadline.cancel(false);
          completed(ticks, error, now);
        });
  }

  private List<Tick> call() {
    if (needsConnect) {
      source.connect();
      needsConnect = false;
      listener.symbolsKnown(source.terminalId(), source.symbols());
    }
    return source.poll(System.currentTimeMillis());
  }

  private synchronized void timedOut(CompletableFuture<List<Tick>> call, Duration budget) {
    if (inFlight == call && !call.isDone()) {
      changeState(TerminalState.STALE, "no answer within " + budget.toMillis() + " ms");
    }
  }

  private void completed(List<Tick> ticks, Throwable error, long startedNanos) {
    if (error == null) {
      synchronized (this) {
        inFlight = null;
        backoff.reset();
        changeState(TerminalState.CONNECTED, null);
      }
      completedPolls.incrementAndGet();
      if (!ticks.isEmpty()) {
        try {
          listener.ticks(source.terminalId(), ticks, startedNanos);
        } catch (RuntimeException e) {
          LOG.errorf(e, "handling ticks of terminal %s failed", source.terminalId());
        }
      }
      return;
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    synchronized (this) {
      inFlight = null;
      needsConnect = true;
      retryAtNanos =
          System.nanoTime()
              + (cause instanceof LoginRefused ? backoff.longestNanos() : backoff.nextDelayNanos());
      changeState(TerminalState.DISCONNECTED, describe(cause));
    }
    caller.execute(this::disconnectQuietly);
  }

  private void disconnectQuietly() {
    try {
      source.disconnect();
    } catch (RuntimeException e) {
      LOG.debugf("disconnecting terminal %s failed: %s", source.terminalId(), describe(e));
    }
  }

  private void changeState(TerminalState state, String message) {
    TerminalStatus previous = status;
    if (previous != null && previous.state() == state) {
      return;
    }
    String lastError = message != null ? message : previous != null ? previous.lastError() : null;
    status =
        new TerminalStatus(
            source.terminalId(),
            state,
            System.currentTimeMillis(),
            message,
            lastError,
            describe(source.clock()));
    if (state == TerminalState.CONNECTED) {
      LOG.infof("terminal %s connected", source.terminalId());
    } else {
      LOG.warnf("terminal %s %s: %s", source.terminalId(), state.wireName(), message);
    }
    listener.stateChanged(status);
  }

  /** The server's clock as admins read it: "UTC+02:00 (EET)", "UTC+03:00, detected". */
  private static String describe(ServerClock clock) {
    return clock
        .offsetAt(java.time.Instant.now())
        .map(
            offset ->
                "UTC"
                    + (offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId())
                    + (clock.configured()
                        ? clock.zone().map(zone -> " (" + zone.getId() + ")").orElse("")
                        : ", detected"))
        .orElse(null);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }

  /**
   * Stops polling and disconnects on the terminal's own thread. A terminal that hangs in a call
   * keeps its session: freeing it under the hung call would be worse than leaking it.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    caller.execute(this::disconnectQuietly);
    caller.shutdown();
    try {
      if (!caller.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warnf(
            "terminal %s did not answer at shutdown; leaving its session", source.terminalId());
        caller.shutdownNow();
      }
    } catch (InterruptedException e) {
      caller.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
