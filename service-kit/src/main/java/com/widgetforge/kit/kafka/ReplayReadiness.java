package com.widgetforge.kit.kafka;

import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness check that holds traffic off until a {@link Replay} has caught up. A service declares
 * one as a {@code @Readiness @Singleton} subclass naming the check and its replay.
 */
public abstract class ReplayReadiness implements HealthCheck {

  private final String name;
  private final BooleanSupplier caughtUp;

  protected ReplayReadiness(String name, BooleanSupplier caughtUp) {
    this.name = name;
    this.caughtUp = caughtUp;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named(name).status(caughtUp.getAsBoolean()).build();
  }
}
