package com.widgetforge.auth.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.kit.audit.AuditRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps every service's audit records from {@code audit.records} in the audit table, a batch at a
 * time. A record that is not well-formed is skipped; while the database refuses a batch it is
 * retried (1 s, doubling to 30 s) and nothing later is committed, so no record is lost and a
 * redelivered one is stored once.
 */
@ApplicationScoped
public class AuditConsumer {

  private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

  private final AuditStore store;
  private final ObjectMapper json;

  AuditConsumer(AuditStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  @Incoming("audit-store")
  Uni<Void> consume(List<String> payloads) {
    List<AuditRecord> records = readable(payloads);
    return Uni.createFrom()
        .<Void>item(
            () -> {
              store.store(records, Instant.now());
              return null;
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .invoke(e -> LOG.warnf("audit records not stored yet, retrying: %s", e.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .indefinitely();
  }

  private List<AuditRecord> readable(List<String> payloads) {
    List<AuditRecord> records = new ArrayList<>(payloads.size());
    int skipped = 0;
    for (String payload : payloads) {
      try {
        AuditRecord record = payload == null ? null : json.readValue(payload, AuditRecord.class);
        if (record != null && record.wellFormed()) {
          records.add(record.cleaned());
          continue;
        }
      } catch (Exception unreadable) {
        // counted below; the payload itself is never logged
      }
      skipped++;
    }
    if (skipped > 0) {
      LOG.warnf("skipped %d audit records that are not well-formed", skipped);
    }
    return records;
  }
}
