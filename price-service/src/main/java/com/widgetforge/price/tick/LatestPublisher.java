package com.widgetforge.price.tick;

import com.widgetforge.price.market.MarketHours;
import com.widgetforge.price.terminal.TerminalRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Keeps {@code price.latest} (compacted) true for the symbols of the terminals polled here: once a
 * second, a symbol whose price moved since its last record, or whose market opened or closed, gets
 * a new record, as does one whose day open ({@link DayOpens}) changed: the D1 bar rolled over, or
 * its open became known. The last records come back through {@link LatestPrices}, so an instance
 * that restarts over a weekend still closes the markets that closed while it was down.
 */
@ApplicationScoped
public class LatestPublisher {

  private final LatestPrices latest;
  private final TerminalRegistry registry;
  private final MarketHours hours;
  private final DayOpens dayOpens;
  private final Emitter<Record<String, LatestPriceEvent>> out;

  public LatestPublisher(
      LatestPrices latest,
      TerminalRegistry registry,
      MarketHours hours,
      DayOpens dayOpens,
      @Channel("price-latest") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
          Emitter<Record<String, LatestPriceEvent>> out) {
    this.latest = latest;
    this.registry = registry;
    this.hours = hours;
    this.dayOpens = dayOpens;
    this.out = out;
  }

  @Scheduled(
      every = "${price.latest-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void publish() {
    Instant now = Instant.now();
    for (String symbol : latest.symbols()) {
      TickEvent tick = latest.tick(symbol).orElse(null);
      if (tick == null || !registry.polls(tick.terminalId())) {
        continue;
      }
      LatestPriceEvent last = latest.published(symbol).orElse(null);
      String category = registry.category(symbol).orElse(last != null ? last.category() : null);
      String market = hours.at(category, now).wireName();
      // Until the opens are first read, the last record's stands (a restart does not unset it).
      Double dayOpen = dayOpens.loaded() || last == null ? dayOpens.of(symbol) : last.dayOpen();
      if (outdated(last, tick, market, dayOpen)) {
        out.send(Record.of(symbol, LatestPriceEvent.of(tick, category, market, dayOpen)));
      }
    }
  }

  /** Whether {@code last} no longer says what a record written now would. */
  static boolean outdated(LatestPriceEvent last, TickEvent tick, String market, Double dayOpen) {
    return last == null
        || tick.timeMsc() > last.timeMsc()
        || !market.equals(last.market())
        || !java.util.Objects.equals(dayOpen, last.dayOpen());
  }

  /**
   * The market state of {@code symbol}: as its last {@code price.latest} record says (written by
   * the instance that polls it, so that every instance and widget-service agree), else by its
   * category's calendar here.
   */
  public MarketHours.State market(String symbol) {
    Optional<LatestPriceEvent> published = latest.published(symbol);
    if (published.isPresent()) {
      return "closed".equals(published.get().market())
          ? MarketHours.State.CLOSED
          : MarketHours.State.OPEN;
    }
    return hours.at(registry.category(symbol).orElse(null), Instant.now());
  }
}
