package com.widgetforge.price.terminal;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while at least one of this instance's terminals answers (or it has none: an instance that
 * only serves the APIs); lists each one's state.
 */
@Readiness
@ApplicationScoped
public class TerminalsReadiness implements HealthCheck {

  private final TerminalRegistry registry;

  public TerminalsReadiness(TerminalRegistry registry) {
    this.registry = registry;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("MT5 terminals");
    boolean anyConnected = false;
    for (TerminalStatus status : registry.statuses()) {
      response.withData(status.terminalId(), status.state().wireName());
      anyConnected |= status.state() == TerminalState.CONNECTED;
    }
    if (registry.terminalCount() == 0) {
      // An instance that only serves the APIs: terminals are polled by instances elsewhere.
      return response.withData("terminals", "none configured here").up().build();
    }
    if (registry.standby()) {
      // Another replica holds every terminal's lease; this one takes over if that one stops.
      return response.withData("standby", "terminals are polled by another instance").up().build();
    }
    return response.status(anyConnected).build();
  }
}
