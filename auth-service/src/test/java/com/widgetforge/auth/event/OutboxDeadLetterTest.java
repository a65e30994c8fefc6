package com.widgetforge.auth.event;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class OutboxDeadLetterTest {

  private static final Pattern DEAD_LETTERS =
      Pattern.compile("(?m)^widgetforge_outbox_dead_letters_total(?:\\{[^}]*\\})? ([0-9.]+)$");

  @Inject EntityManager db;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void anEventTheBrokerRefusesIsDeadLetteredAndTheEventsAfterItStillGoOut() {
    double before = deadLettersCounted();
    String tooLargeKey = "too-large-" + UUID.randomUUID();
    String nextKey = "next-" + UUID.randomUUID();
    // 2 MB: over the producer's and the broker's 1 MB limit, so Kafka can never take it.
    String tooLarge = "{\"v\":1,\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    String next = "{\"v\":1,\"userId\":\"" + nextKey + "\"}";
    long[] ids = new long[2];
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ids[0] = insert(tooLargeKey, tooLarge);
              ids[1] = insert(nextKey, next);
            });

    List<ConsumerRecord<String, String>> published =
        TopicReader.read(
            bootstrapServers,
            "auth.users",
            "earliest",
            got -> got.stream().anyMatch(r -> nextKey.equals(r.key())),
            Duration.ofSeconds(20));
    assertTrue(published.stream().noneMatch(r -> tooLargeKey.equals(r.key())));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> QuarkusTransaction.requiringNew().call(() -> count("outbox", ids) == 0));
    Object[] dead =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    (Object[])
                        db.createNativeQuery(
                                "select record_key, length(payload), error"
                                    + " from outbox_dead_letter where id = ?1")
                            .setParameter(1, ids[0])
                            .getSingleResult());
    assertEquals(tooLargeKey, dead[0]);
    assertEquals(tooLarge.length(), ((Number) dead[1]).intValue(), "kept whole for an operator");
    assertTrue(dead[2].toString().startsWith("RecordTooLargeException"), dead[2].toString());
    assertEquals(
        0, QuarkusTransaction.requiringNew().call(() -> count("outbox_dead_letter", ids[1])));
    assertEquals(before + 1, deadLettersCounted(), "the alert metric counts it");
    assertEquals(200, given().get("/q/health").statusCode(), "one refused event is not an outage");
  }

  private long insert(String key, String payload) {
    return ((Number)
            db.createNativeQuery(
                    "insert into outbox (topic, record_key, payload) values ('auth.users', ?1, ?2)"
                        + " returning id")
                .setParameter(1, key)
                .setParameter(2, payload)
                .getSingleResult())
        .longValue();
  }

  private long count(String table, long... ids) {
    long total = 0;
    for (long id : ids) {
      total +=
          ((Number)
                  db.createNativeQuery("select count(*) from " + table + " where id = ?1")
                      .setParameter(1, id)
                      .getSingleResult())
              .longValue();
    }
    return total;
  }

  private static double deadLettersCounted() {
    Matcher counted = DEAD_LETTERS.matcher(given().get("/q/metrics").asString());
    return counted.find() ? Double.parseDouble(counted.group(1)) : 0;
  }
}
