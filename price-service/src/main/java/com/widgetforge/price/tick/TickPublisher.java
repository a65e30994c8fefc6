package com.widgetforge.price.tick;

import com.widgetforge.price.PriceConfig;
import com.widgetforge.price.terminal.QuoteSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** Polls the quote source every poll interval and publishes changed ticks, keyed by symbol. */
@ApplicationScoped
public class TickPublisher {

  private final QuoteSource source;
  private final Duration interval;

  public TickPublisher(QuoteSource source, PriceConfig config) {
    if (config.pollInterval().compareTo(PriceConfig.POLL_INTERVAL_FLOOR) < 0) {
      throw new IllegalArgumentException(
          "price.poll-interval is "
              + config.pollInterval().toMillis()
              + " ms; the floor is "
              + PriceConfig.POLL_INTERVAL_FLOOR.toMillis()
              + " ms");
    }
    this.source = source;
    this.interval = config.pollInterval();
  }

  @Outgoing("price-ticks")
  public Multi<Record<String, TickEvent>> ticks() {
    return Multi.createFrom()
        .ticks()
        .every(interval)
        .onOverflow()
        .drop()
        .onItem()
        .transformToIterable(ignored -> source.poll(System.currentTimeMillis()))
        .map(tick -> Record.of(tick.symbol(), TickEvent.of(source.terminalId(), tick)));
  }
}
