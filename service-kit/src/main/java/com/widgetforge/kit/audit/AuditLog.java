package com.widgetforge.kit.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Security events on record, twice: one line each on the {@code widgetforge.audit} logger (a
 * category of its own that an operator can route, keep longer or ship elsewhere), and an {@link
 * AuditRecord} on the Kafka topic {@code audit.records}, which auth-service keeps in a table that
 * admins query. A line reads {@code audit event=login.failed outcome="failed" actor="anonymous"
 * target="ann@example.com" client="203.0.113.9" id="…"}: values stripped of control characters,
 * quotes escaped and cut to 200 characters, so a line can be neither forged nor flooded.
 *
 * <p>Publishing is best effort and never holds up or fails the caller: a record the producer cannot
 * take at once (the broker is down, the buffer is full) is dropped and counted ({@code
 * widgetforge.audit.unpublished}); its log line is written regardless. Never pass a secret.
 */
@ApplicationScoped
public class AuditLog {

  public static final String CATEGORY = "widgetforge.audit";
  private static final Logger LOG = Logger.getLogger(CATEGORY);
  private static final Logger PROBLEMS = Logger.getLogger(AuditLog.class);

  private final Emitter<String> topic;
  private final ObjectMapper json;
  private final String service;
  private final Counter unpublished;
  private final Clock clock = Clock.systemUTC();

  AuditLog(
      @Channel("audit-records") @OnOverflow(OnOverflow.Strategy.DROP) Emitter<String> topic,
      ObjectMapper json,
      @ConfigProperty(name = "quarkus.application.name") String service,
      MeterRegistry meters) {
    this.topic = topic;
    this.json = json;
    this.service = service;
    this.unpublished =
        Counter.builder("widgetforge.audit.unpublished")
            .description("audit records not handed to Kafka (their log lines were written)")
            .register(meters);
  }

  /** Records {@code event}: stamps it with an id, the time and this service; logs and publishes. */
  public AuditRecord record(AuditRecord.Builder event) {
    AuditRecord record = event.build(service, clock.millis());
    LOG.info(line(record));
    publish(record);
    return record;
  }

  private void publish(AuditRecord record) {
    try {
      if (!topic.hasRequests()) {
        notPublished(record, "the producer's buffer is full");
        return;
      }
      Message<String> message =
          Message.of(json.writeValueAsString(record))
              .addMetadata(
                  OutgoingKafkaRecordMetadata.<String>builder().withKey(record.actor()).build())
              .withAck(() -> CompletableFuture.completedFuture(null))
              .withNack(
                  failure -> {
                    notPublished(record, failure.toString());
                    return CompletableFuture.completedFuture(null);
                  });
      topic.send(message);
    } catch (JsonProcessingException | RuntimeException e) {
      notPublished(record, e.toString());
    }
  }

  private void notPublished(AuditRecord record, String why) {
    unpublished.increment();
    PROBLEMS.debugf("audit record %s not published (its log line stands): %s", record.id(), why);
  }

  /** The line {@link #record} writes. */
  static String line(AuditRecord record) {
    StringBuilder line = new StringBuilder("audit event=").append(record.event());
    field(line, "outcome", record.outcome().wire());
    field(line, "actor", record.actor());
    field(line, "target", record.target());
    field(line, "client", record.client());
    field(line, "detail", record.detail());
    field(line, "id", record.id());
    return line.toString();
  }

  private static void field(StringBuilder line, String key, String value) {
    if (value == null) {
      return;
    }
    line.append(' ').append(key).append("=\"");
    // Values are already cleaned of control characters; quotes are escaped so none closes early.
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\');
      }
      line.append(c);
    }
    line.append('"');
  }
}
