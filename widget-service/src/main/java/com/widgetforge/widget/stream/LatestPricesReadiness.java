package com.widgetforge.widget.stream;

import com.widgetforge.kit.kafka.ReplayReadiness;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until every price on {@code price.latest} at start has been read: a new instance or
 * replica gets no traffic while it would still answer "unknown symbol" for a known price.
 */
@Readiness
@Singleton
public class LatestPricesReadiness extends ReplayReadiness {

  public LatestPricesReadiness(LatestPriceConsumer consumer) {
    super("latest prices", consumer::caughtUp);
  }
}
