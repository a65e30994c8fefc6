package com.widgetforge.account.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The audit trail of outbound requests: one row (and one log line) per attempt, with account,
 * provider, call, attempt, status, outcome and duration. Never a credential or a response body.
 */
@ApplicationScoped
public class ProviderAudit {

  private static final Logger LOG = Logger.getLogger(ProviderAudit.class);

  private final EntityManager db;
  private final MeterRegistry metrics;

  ProviderAudit(EntityManager db, MeterRegistry metrics) {
    this.db = db;
    this.metrics = metrics;
  }

  public void record(
      UUID account,
      String provider,
      String call,
      int attempt,
      Integer status,
      String outcome,
      long millis) {
    String shortOutcome = outcome.length() > 200 ? outcome.substring(0, 200) : outcome;
    LOG.infof(
        "provider %s %s account %s attempt %d: %s (%s) in %d ms",
        provider, call, account, attempt, status == null ? "-" : status, shortOutcome, millis);
    metrics
        .counter(
            "widgetforge.account.provider.requests",
            "provider",
            provider,
            "call",
            call,
            "outcome",
            status != null && status == 200 ? "ok" : "error")
        .increment();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                db.createNativeQuery(
                        "insert into provider_request (account_id, provider, call, attempt, status, outcome, duration_ms)"
                            + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                    .setParameter(1, account)
                    .setParameter(2, provider)
                    .setParameter(3, call)
                    .setParameter(4, attempt)
                    .setParameter(5, status)
                    .setParameter(6, shortOutcome)
                    .setParameter(7, (int) Math.min(Integer.MAX_VALUE, millis))
                    .executeUpdate());
  }
}
