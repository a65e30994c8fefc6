package com.widgetforge.auth.event;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows in order and deletes them once the broker has acknowledged them. Only the
 * instance holding an advisory lock relays, so order holds with several instances; a failed send
 * rolls back and is retried, so delivery is at least once and consumers are idempotent.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final long RELAY_LOCK = 0x57464f5554424fL;

  private final Emitter<String> events;

  OutboxRelay(@Channel("auth-events") Emitter<String> events) {
    this.events = events;
  }

  @Scheduled(
      every = "${auth.outbox.poll-interval:0.1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  @Transactional
  void relay() {
    // One relay at a time across instances (transaction-scoped advisory lock): rows go out in
    // commit order, so a user's "disabled" can never overtake their earlier "enabled".
    Object leader =
        OutboxRecord.getEntityManager()
            .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")")
            .getSingleResult();
    if (!Boolean.TRUE.equals(leader)) {
      return;
    }
    List<OutboxRecord> batch =
        OutboxRecord.getEntityManager()
            .createNativeQuery(
                "select * from outbox order by id limit " + BATCH + " for update skip locked",
                OutboxRecord.class)
            .getResultList();
    if (batch.isEmpty()) {
      return;
    }
    CompletableFuture<?>[] acks = new CompletableFuture<?>[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      acks[i] = send(batch.get(i));
    }
    try {
      CompletableFuture.allOf(acks).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warnf("outbox relay: broker did not acknowledge %d events, retrying: %s", acks.length, e);
      throw new IllegalStateException("outbox events not acknowledged", e);
    }
    batch.forEach(OutboxRecord::delete);
  }

  private CompletableFuture<Void> send(OutboxRecord record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withTopic(record.topic)
            .withKey(record.key)
            .build();
    events.send(
        Message.of(record.payload)
            .addMetadata(metadata)
            .withAck(
                () -> {
                  acked.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                failure -> {
                  acked.completeExceptionally(failure);
                  return CompletableFuture.completedFuture(null);
                }));
    return acked;
  }
}
