package com.widgetforge.widget.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Feeds {@code price.ticks} into the latest-tick store and out to subscribed browsers. */
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
  void onTick(String payload) {
    PriceTick tick;
    try {
      tick = json.readValue(payload, PriceTick.class);
    } catch (Exception e) {
      LOG.warnf(
          "skipping a price.ticks message that is not a tick (%s)", e.getClass().getSimpleName());
      return;
    }
    if (tick.symbol() == null
        || !StreamRequest.SYMBOL.matcher(tick.symbol()).matches()
        || !(tick.bid() > 0 && tick.ask() >= tick.bid())) {
      LOG.warn("skipping an implausible price.ticks message");
      return;
    }
    if (latest.offer(tick)) {
      hub.publish(tick);
    }
  }
}
