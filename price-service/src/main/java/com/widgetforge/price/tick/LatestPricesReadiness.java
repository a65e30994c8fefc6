package com.widgetforge.price.tick;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until every price on {@code price.latest} at start has been read, so that a new
 * instance never answers "unknown" for a price that is known (after a weekend restart, say).
 */
@Readiness
@ApplicationScoped
public class LatestPricesReadiness implements HealthCheck {

  private final LatestPrices latest;

  public LatestPricesReadiness(LatestPrices latest) {
    this.latest = latest;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("latest prices").status(latest.caughtUp()).build();
  }
}
