package com.widgetforge.widget.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds {@code price.ticks} into the latest-tick store and out to subscribed browsers, a Kafka poll
 * at a time ({@code batch=true}): the newest tick of each symbol in the poll goes on, so that a
 * browser following several symbols gets the ticks of one poll in one frame.
 */
@ApplicationScoped
public class TickConsumer {

  private static final Logger LOG = Logger.getLogger(TickConsumer.class);

  private final LatestTicks latest;
  private final PriceStreamHub hub;
  private final ObjectMapper json;

  public TickConsumer(LatestTicks latest, PriceStreamHub hub, ObjectMapper json) {
    this.latest = latest;
    this.hub = hub;
    this.json = json;
  }

  @Incoming("price-ticks")
  void onTicks(List<String> payloads) {
    // An older tick of a symbol in the same poll is superseded before any browser could see it.
    Map<String, PriceTick> fresh = new LinkedHashMap<>();
    for (String payload : payloads) {
      PriceTick tick = parse(payload);
      if (tick != null && latest.offer(tick)) {
        fresh.remove(tick.symbol());
        fresh.put(tick.symbol(), tick);
      }
    }
    if (!fresh.isEmpty()) {
      hub.publish(List.copyOf(fresh.values()));
    }
  }

  private PriceTick parse(String payload) {
    PriceTick tick;
    try {
      tick = json.readValue(payload, PriceTick.class);
    } catch (Exception e) {
      LOG.warnf(
          "skipping a price.ticks message that is not a tick (%s)", e.getClass().getSimpleName());
      return null;
    }
    if (tick.symbol() == null
        || !StreamRequest.SYMBOL.matcher(tick.symbol()).matches()
        || !(tick.bid() > 0 && tick.ask() >= tick.bid())) {
      LOG.warn("skipping an implausible price.ticks message");
      return null;
    }
    return tick;
  }
}
