package com.widgetforge.price.tick;

import com.widgetforge.price.history.BarStore;
import com.widgetforge.price.terminal.TerminalRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The open of the current D1 bar (the terminal's server day) of every symbol polled here, read from
 * the stored bars every {@code price.day-open-refresh} with one query, so that {@link
 * LatestPublisher} can put it on {@code price.latest} without touching PostgreSQL per record. A
 * restart mid-day reads the open the bar was first stored with, not the first tick seen since.
 */
@ApplicationScoped
public class DayOpens {

  private static final Logger LOG = Logger.getLogger(DayOpens.class);

  private final BarStore bars;
  private final LatestPrices latest;
  private final TerminalRegistry registry;
  private volatile Map<String, Double> opens = Map.of();
  private volatile boolean loaded;

  public DayOpens(BarStore bars, LatestPrices latest, TerminalRegistry registry) {
    this.bars = bars;
    this.latest = latest;
    this.registry = registry;
  }

  /** Whether the opens have been read once; before that, none is known to be missing. */
  public boolean loaded() {
    return loaded;
  }

  /** The open of {@code symbol}'s current D1 bar, or null when it has none (yet). */
  public Double of(String symbol) {
    return opens.get(symbol);
  }

  @Scheduled(
      every = "${price.day-open-refresh}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  Uni<Void> refresh() {
    List<String> symbols =
        latest.symbols().stream()
            .filter(
                symbol ->
                    latest
                        .tick(symbol)
                        .map(tick -> registry.polls(tick.terminalId()))
                        .orElse(false))
            .toList();
    if (symbols.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return bars.dayOpens(symbols, Instant.now())
        .invoke(
            found -> {
              opens = Map.copyOf(found);
              loaded = true;
            })
        .onFailure()
        .invoke(failure -> LOG.debugf("day opens not refreshed: %s", failure.getMessage()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
