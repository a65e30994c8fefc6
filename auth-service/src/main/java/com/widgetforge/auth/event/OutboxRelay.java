package com.widgetforge.auth.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows in order and deletes them once the broker has acknowledged them. Only the
 * instance holding an advisory lock relays, so order holds with several instances; a failed send
 * rolls back and is retried, so delivery is at least once and consumers are idempotent. An event
 * the broker can never take (too large, unserializable) is moved to {@code outbox_dead_letter},
 * logged and counted ({@code widgetforge_outbox_dead_letters}, an alert), so it does not hold up
 * the events after it.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final long RELAY_LOCK = 0x57464f5554424fL;

  /** Failures that retrying the same record can never cure; anything else is retried. */
  private static final List<Class<? extends Throwable>> PERMANENT =
      List.of(
          RecordTooLargeException.class,
          RecordBatchTooLargeException.class,
          InvalidRecordException.class,
          SerializationException.class);

  private final Emitter<String> events;
  private final Counter deadLetters;

  OutboxRelay(@Channel("auth-events") Emitter<String> events, MeterRegistry metrics) {
    this.events = events;
    this.deadLetters =
        Counter.builder("widgetforge.outbox.dead.letters")
            .description("outbox events the broker refused for good, kept in outbox_dead_letter")
            .register(metrics);
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
    } catch (ExecutionException oneFailed) {
      // Judged one by one below: the refused-for-good ones must not roll back the others.
    } catch (Exception e) {
      LOG.warnf("outbox relay: broker did not acknowledge %d events, retrying: %s", acks.length, e);
      throw new IllegalStateException("outbox events not acknowledged", e);
    }
    Throwable[] refusals = new Throwable[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      Throwable failure = failureOf(acks[i]);
      if (failure != null && (refusals[i] = permanent(failure)) == null) {
        LOG.warnf(
            "outbox relay: event %d not acknowledged, retrying: %s", batch.get(i).id, failure);
        throw new IllegalStateException("outbox event not acknowledged", failure);
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      if (refusals[i] != null) {
        deadLetter(batch.get(i), refusals[i]);
      }
      batch.get(i).delete();
    }
  }

  private void deadLetter(OutboxRecord record, Throwable reason) {
    String error = reason.getClass().getSimpleName() + ": " + reason.getMessage();
    OutboxRecord.getEntityManager()
        .createNativeQuery(
            "insert into outbox_dead_letter (id, topic, record_key, payload, created_at, error)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (id) do nothing")
        .setParameter(1, record.id)
        .setParameter(2, record.topic)
        .setParameter(3, record.key)
        .setParameter(4, record.payload)
        .setParameter(5, record.createdAt)
        .setParameter(6, error.length() > 500 ? error.substring(0, 500) : error)
        .executeUpdate();
    deadLetters.increment();
    // The payload stays in the table: it may hold personal data, and it is what is too large.
    LOG.errorf(
        "outbox relay: the broker refused event %d for %s for good (%s); it is kept in"
            + " outbox_dead_letter and the events after it go on",
        record.id, record.topic, error);
  }

  private static Throwable failureOf(CompletableFuture<?> ack) {
    try {
      ack.getNow(null);
      return null;
    } catch (CompletionException | CancellationException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }

  /** The permanent cause in {@code failure}'s chain, or null when a retry may succeed. */
  private static Throwable permanent(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      for (Class<? extends Throwable> type : PERMANENT) {
        if (type.isInstance(cause)) {
          return cause;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
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
