package com.widgetforge.price.tick;

import com.widgetforge.kit.kafka.ReplayReadiness;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until every price on {@code price.latest} at start has been read, so that a new
 * instance never answers "unknown" for a price that is known (after a weekend restart, say).
 */
@Readiness
@Singleton
public class LatestPricesReadiness extends ReplayReadiness {

  public LatestPricesReadiness(LatestPrices latest) {
    super("latest prices", latest::caughtUp);
  }
}
