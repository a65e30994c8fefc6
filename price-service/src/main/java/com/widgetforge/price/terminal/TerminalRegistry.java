package com.widgetforge.price.terminal;

import com.widgetforge.price.PriceConfig;
import com.widgetforge.price.history.Backfill;
import com.widgetforge.price.history.BarAggregator;
import com.widgetforge.price.history.BarWriter;
import com.widgetforge.price.tick.TickEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The terminals this instance polls, one {@link TerminalPoller} each, publishing changed ticks to
 * {@code price.ticks} (keyed by symbol) and state changes to {@code price.terminals} (keyed by
 * terminal id).
 */
@ApplicationScoped
public class TerminalRegistry implements TerminalPoller.Listener {

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(TerminalRegistry.class);

  private final PriceConfig config;
  private final Emitter<Record<String, TickEvent>> ticks;
  private final Emitter<Record<String, TerminalStatusEvent>> statuses;
  private final MeterRegistry meters;
  private final SymbolStore symbolStore;
  private final BarWriter barWriter;
  private final Backfill backfill;
  private final TerminalLeases leases;
  private final SymbolOwnership ownership;
  private final com.widgetforge.price.market.MarketHours hours;
  private final Map<String, BarAggregator> aggregators = new ConcurrentHashMap<>();
  private final Map<String, TerminalPoller> pollers = new ConcurrentHashMap<>();
  private final Map<String, String> categories = new ConcurrentHashMap<>();
  private final Map<String, QuoteSource> sources = new java.util.LinkedHashMap<>();
  private final Map<String, Counter> published = new ConcurrentHashMap<>();
  private final Map<String, Timer> pollToPublish = new ConcurrentHashMap<>();
  private final Map<String, Cancellable> backfills = new ConcurrentHashMap<>();

  public TerminalRegistry(
      PriceConfig config,
      @Channel("price-ticks") @OnOverflow(value = OnOverflow.Strategy.DROP)
          Emitter<Record<String, TickEvent>> ticks,
      @Channel("price-terminals") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
          Emitter<Record<String, TerminalStatusEvent>> statuses,
      MeterRegistry meters,
      SymbolStore symbolStore,
      BarWriter barWriter,
      Backfill backfill,
      TerminalLeases leases,
      SymbolOwnership ownership,
      com.widgetforge.price.market.MarketHours hours) {
    if (config.pollInterval().compareTo(PriceConfig.POLL_INTERVAL_FLOOR) < 0) {
      throw new IllegalArgumentException(
          "price.poll-interval is "
              + config.pollInterval().toMillis()
              + " ms; the floor is "
              + PriceConfig.POLL_INTERVAL_FLOOR.toMillis()
              + " ms");
    }
    this.config = config;
    this.ticks = ticks;
    this.statuses = statuses;
    this.meters = meters;
    this.symbolStore = symbolStore;
    this.barWriter = barWriter;
    this.backfill = backfill;
    this.leases = leases;
    this.ownership = ownership;
    this.hours = hours;
  }

  void start(@Observes StartupEvent started) {
    for (String name :
        QuoteSources.unplacedVariables(System.getenv(), config.terminals().keySet())) {
      LOG.warnf(
          "%s names no configured terminal and is ignored: a terminal id set only in the"
              + " environment must be letters and digits (PRICE_TERMINALS_ACCOUNT2_ADAPTER)",
          name);
    }
    for (QuoteSource source : QuoteSources.fromConfig(config, hours)) {
      String id = source.terminalId();
      sources.put(id, source);
      aggregators.put(
          id, new BarAggregator(() -> source.clock().zone().orElse(java.time.ZoneOffset.UTC)));
      published.put(
          id, Counter.builder("widgetforge.ticks.published").tag("terminal", id).register(meters));
      pollToPublish.put(
          id,
          Timer.builder("widgetforge.terminal.poll.to.publish")
              .description(
                  "from the start of a poll to its last tick acknowledged by the Kafka broker")
              .tag("terminal", id)
              .publishPercentiles(0.5, 0.99)
              .register(meters));
      meters.gauge(
          "widgetforge.terminal.connected",
          List.of(io.micrometer.core.instrument.Tag.of("terminal", id)),
          this,
          registry -> registry.isConnected(id) ? 1 : 0);
    }
    claimTerminals();
  }

  /**
   * Polls the terminals whose lease this instance holds or can take; stops polling all of them if
   * the leases were lost (another replica may have taken them over).
   */
  @Scheduled(
      every = "${price.lease-check-interval:5s}",
      delayed = "${price.lease-check-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  synchronized void claimTerminals() {
    leases.intact();
    // A terminal polled here whose lease is gone (lost connection, failed claim) may already be
    // polled elsewhere: stop it until its lease is won again.
    for (String id : List.copyOf(pollers.keySet())) {
      if (!leases.held().contains(id)) {
        LOG.warnf("terminal %s: lease lost; pausing it", id);
        pollers.remove(id).close();
        Cancellable filling = backfills.remove(id);
        if (filling != null) {
          filling.cancel();
        }
      }
    }
    for (Map.Entry<String, QuoteSource> entry : sources.entrySet()) {
      String id = entry.getKey();
      if (pollers.containsKey(id) || !leases.tryClaim(id)) {
        continue;
      }
      LOG.infof("terminal %s: leased by this instance, polling", id);
      TerminalPoller poller =
          new TerminalPoller(
              entry.getValue(),
              config.pollInterval(),
              config.effectiveCallTimeout(),
              config.terminals().get(id).connectTimeout(),
              config.maxBackoff(),
              this);
      pollers.put(id, poller);
      poller.start();
    }
  }

  private boolean isConnected(String terminalId) {
    TerminalPoller poller = pollers.get(terminalId);
    return poller != null
        && poller.status() != null
        && poller.status().state() == TerminalState.CONNECTED;
  }

  /** How many terminals this instance is configured with. */
  public int terminalCount() {
    return sources.size();
  }

  /** True when this instance polls no terminal because other replicas hold them all. */
  public boolean standby() {
    return pollers.isEmpty() && !sources.isEmpty();
  }

  void stop(@Observes ShutdownEvent stopping) {
    // Say so, so that another terminal quoting the same symbols takes over at once.
    for (TerminalPoller poller : pollers.values()) {
      TerminalStatus last = poller.status();
      stateChanged(
          new TerminalStatus(
              poller.terminalId(),
              TerminalState.DISCONNECTED,
              System.currentTimeMillis(),
              "its price-service instance stopped",
              last != null ? last.lastError() : null,
              last != null ? last.serverClock() : null));
    }
    backfills.values().forEach(Cancellable::cancel);
    pollers.values().forEach(TerminalPoller::close);
    leases.releaseAll();
    barWriter.flush().await().atMost(java.time.Duration.ofSeconds(5));
  }

  @Override
  public void ticks(String terminalId, List<Tick> polled, long pollStartedNanos) {
    // A symbol another terminal quotes with precedence is left to it: one series, one source.
    List<Tick> changed =
        polled.stream().filter(tick -> ownership.mayPublish(terminalId, tick.symbol())).toList();
    if (changed.isEmpty()) {
      return;
    }
    Timer latency = pollToPublish.get(terminalId);
    java.util.concurrent.CompletionStage<Void> last = null;
    for (Tick tick : changed) {
      last = ticks.send(Record.of(tick.symbol(), TickEvent.of(terminalId, tick)));
    }
    // Acknowledged by the broker: per-key order means the poll's last tick comes last.
    last.whenComplete(
        (ok, failure) -> {
          if (failure == null) {
            latency.record(System.nanoTime() - pollStartedNanos, TimeUnit.NANOSECONDS);
          }
        });
    published.get(terminalId).increment(changed.size());
    BarAggregator aggregator = aggregators.get(terminalId);
    for (Tick tick : changed) {
      barWriter.offer(aggregator.onTick(terminalId, tick));
    }
  }

  @Override
  public void symbolsKnown(String terminalId, List<SymbolInfo> symbols) {
    symbols.forEach(
        symbol -> {
          if (symbol.category() != null) {
            categories.put(symbol.name(), symbol.category());
          }
        });
    TerminalPoller poller = pollers.get(terminalId);
    List<SymbolInfo> owned =
        symbols.stream().filter(s -> ownership.mayPublish(terminalId, s.name())).toList();
    // A step can fail while polls go on (a history read past its deadline, a database hiccup):
    // tried again for as long as this connection is polled here; the next connection starts anew.
    BooleanSupplier stillPolled = () -> pollers.get(terminalId) == poller;
    Cancellable filling =
        backfill
            .persistently(symbolStore.register(terminalId, symbols), stillPolled, terminalId)
            .flatMap(registered -> backfill.fill(poller, owned, stillPolled))
            .subscribe()
            .with(
                bars -> LOG.infof("terminal %s: %d bars backfilled", terminalId, bars),
                failure -> LOG.debugf("backfill of terminal %s stopped: %s", terminalId, failure));
    Cancellable previous = backfills.put(terminalId, filling);
    if (previous != null) {
      previous.cancel();
    }
  }

  @Override
  public void stateChanged(TerminalStatus status) {
    QuoteSource source = sources.get(status.terminalId());
    statuses.send(
        Record.of(
            status.terminalId(),
            TerminalStatusEvent.of(
                status,
                source.symbols().stream().map(SymbolInfo::name).toList(),
                config.terminals().get(status.terminalId()).priority())));
  }

  /** Whether this instance polls {@code terminalId} (holds its lease). */
  public boolean polls(String terminalId) {
    return pollers.containsKey(terminalId);
  }

  /** The category of {@code symbol} as a terminal polled here describes it. */
  public Optional<String> category(String symbol) {
    return Optional.ofNullable(categories.get(symbol));
  }

  /** Every polled terminal's state; a terminal that has not answered yet has none. */
  public List<TerminalStatus> statuses() {
    List<TerminalStatus> all = new ArrayList<>();
    pollers.values().forEach(poller -> Optional.ofNullable(poller.status()).ifPresent(all::add));
    return all;
  }

  public Optional<TerminalPoller> poller(String terminalId) {
    return Optional.ofNullable(pollers.get(terminalId));
  }
}
