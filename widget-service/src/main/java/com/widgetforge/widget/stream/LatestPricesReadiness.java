package com.widgetforge.widget.stream;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until every price on {@code price.latest} at start has been read: a new instance or
 * replica gets no traffic while it would still answer "unknown symbol" for a known price.
 */
@Readiness
@ApplicationScoped
public class LatestPricesReadiness implements HealthCheck {

  private final LatestPriceConsumer consumer;

  public LatestPricesReadiness(LatestPriceConsumer consumer) {
    this.consumer = consumer;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("latest prices").status(consumer.caughtUp()).build();
  }
}
