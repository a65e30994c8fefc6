package com.widgetforge.widget.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.kit.kafka.Replay;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds {@code price.latest} (compacted, read from the start by every instance) into the
 * latest-tick store, so that a fresh instance knows every symbol's price while no ticks flow, and
 * passes market openings and closings and each new day open on to subscribed browsers.
 */
@ApplicationScoped
public class LatestPriceConsumer {

  private static final Logger LOG = Logger.getLogger(LatestPriceConsumer.class);

  private final LatestTicks latest;
  private final PriceStreamHub hub;
  private final ObjectMapper json;
  private final Replay replay;

  public LatestPriceConsumer(
      LatestTicks latest,
      PriceStreamHub hub,
      ObjectMapper json,
      @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    this.latest = latest;
    this.hub = hub;
    this.json = json;
    this.replay = new Replay("price.latest", kafka, Duration.ofSeconds(60));
  }

  /** Whether every price on price.latest at start has been read (readiness waits for it). */
  public boolean caughtUp() {
    return replay.caughtUp();
  }

  @Incoming("price-latest")
  void onLatest(ConsumerRecord<String, String> message) {
    replay.read(message.partition(), message.offset());
    String payload = message.value();
    if (payload == null) {
      LOG.warn("skipping an empty price.latest message");
      return;
    }
    LatestPrice record;
    try {
      record = json.readValue(payload, LatestPrice.class);
    } catch (Exception e) {
      LOG.warnf(
          "skipping a price.latest message that is not a latest price (%s)",
          e.getClass().getSimpleName());
      return;
    }
    Optional<Market> market = Market.parse(record.market());
    if (record.symbol() == null
        || !StreamRequest.SYMBOL.matcher(record.symbol()).matches()
        || !(record.bid() > 0 && record.ask() >= record.bid())
        || record.timeMsc() < 0
        || record.digits() < 0
        || record.digits() > 10
        || market.isEmpty()
        || (record.dayOpen() != null && !(record.dayOpen() > 0))) {
      LOG.warn("skipping an implausible price.latest message");
      return;
    }
    // The state first, so that a tick sent below already carries it.
    boolean changed = latest.market(record.symbol(), market.get());
    boolean newDay = latest.dayOpen(record.symbol(), record.dayOpen());
    PriceTick tick = record.tick();
    // An older record (a newer tick came on price.ticks) keeps only its market state and day
    // open. A newer tick carries the new day open; without one, the day open goes out alone.
    if (latest.seed(tick)) {
      hub.publish(tick);
    } else if (newDay) {
      hub.publishDayOpen(record.symbol(), record.dayOpen());
    }
    if (changed) {
      hub.publishMarket(record.symbol(), market.get());
    }
  }
}
