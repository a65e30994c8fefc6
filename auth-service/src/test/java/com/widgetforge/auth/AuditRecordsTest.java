package com.widgetforge.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.auth.TestSessions.Account;
import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.auth.audit.AuditEntry;
import com.widgetforge.auth.audit.AuditPurge;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TopicReader;
import com.widgetforge.devstack.testing.TopicWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The audit table: every service's records from {@code audit.records}, kept by auth-service and
 * queried by admins at {@code GET /auth/audit}.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class AuditRecordsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AsyncApiContract CONTRACT = AsyncApiContract.load();
  private static final Duration STORED_WITHIN = Duration.ofSeconds(20);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject AuditPurge purge;

  /** {@code GET /auth/audit} as {@code admin} with {@code query}; asserts a 200. */
  private static JsonNode audit(Login admin, Map<String, ?> query) throws Exception {
    Response response = admin.request().queryParams(query).get("/auth/audit");
    assertEquals(200, response.statusCode(), response.asString());
    return JSON.readTree(response.asString());
  }

  private static List<JsonNode> records(JsonNode page) {
    List<JsonNode> records = new ArrayList<>();
    page.path("records").forEach(records::add);
    return records;
  }

  /** Waits until the records that {@code query} finds include one matching {@code wanted}. */
  private static JsonNode awaitRecord(
      Login admin, Map<String, ?> query, Predicate<JsonNode> wanted) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(STORED_WITHIN)
        .untilAsserted(
            () -> {
              List<JsonNode> records = records(audit(admin, query));
              found[0] = records.stream().filter(wanted).findFirst().orElse(null);
              assertTrue(found[0] != null, "none of " + records + " matches");
            });
    return found[0];
  }

  private void publish(String key, String... values) throws Exception {
    try (KafkaProducer<String, String> producer = TopicWriter.open(bootstrapServers)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>("audit.records", key, value)).get();
      }
    }
  }

  private static ObjectNode record(String service, String event, String actor, Instant at) {
    ObjectNode record = JSON.createObjectNode();
    record.put("v", 1);
    record.put("id", UUID.randomUUID().toString());
    record.put("timeMsc", at.toEpochMilli());
    record.put("service", service);
    record.put("event", event);
    record.put("actor", actor);
    record.put("outcome", "ok");
    return record;
  }

  @Test
  void failedAndSuccessfulLoginsAreStoredWithTheClientAddressAndOutcome() throws Exception {
    Login admin = TestSessions.admin();
    Account trader = TestSessions.newUser(admin, "trader");
    String wrongFrom = TestSessions.freshAddress();
    String rightFrom = TestSessions.freshAddress();
    assertEquals(
        401, TestSessions.attempt(trader.email(), "not the password", wrongFrom).statusCode());
    assertEquals(
        200, TestSessions.attempt(trader.email(), trader.password(), rightFrom).statusCode());

    Map<String, String> byTarget = Map.of("target", trader.email());
    JsonNode failed =
        awaitRecord(admin, byTarget, r -> r.path("client").asText().equals(wrongFrom));
    assertEquals("login.failed", failed.path("event").asText());
    assertEquals("failed", failed.path("outcome").asText());
    assertEquals("anonymous", failed.path("actor").path("id").asText());
    assertEquals("auth-service", failed.path("service").asText());

    JsonNode ok = awaitRecord(admin, byTarget, r -> r.path("client").asText().equals(rightFrom));
    assertEquals("login", ok.path("event").asText());
    assertEquals("ok", ok.path("outcome").asText());
    assertEquals(trader.id(), ok.path("actor").path("id").asText());
    assertEquals("user", ok.path("actor").path("kind").asText());
    assertEquals(trader.email(), ok.path("actor").path("email").asText(), "people see who");
    assertTrue(ok.path("actor").path("name").asText().startsWith("Trader "));
    assertFalse(
        Instant.parse(ok.path("time").asText())
            .isBefore(Instant.parse(failed.path("time").asText())));

    // What auth-service put on the topic keeps the contract.
    String id = ok.path("recordId").asText();
    List<ConsumerRecord<String, String>> published =
        TopicReader.read(
            bootstrapServers,
            "audit.records",
            "earliest",
            got -> got.stream().anyMatch(r -> r.value().contains(id)),
            Duration.ofSeconds(10));
    ConsumerRecord<String, String> mine =
        published.stream().filter(r -> r.value().contains(id)).findFirst().orElseThrow();
    CONTRACT.assertConforms("audit.records", mine.value());
    assertEquals(trader.id(), mine.key(), "keyed by actor");
  }

  @Test
  void anAdminActionIsStoredWithItsActorAndTarget() throws Exception {
    Login admin = TestSessions.admin();
    Account trader = TestSessions.newUser(admin, "trader");
    String target = "/auth/users/" + trader.id();
    JsonNode created =
        awaitRecord(
            admin,
            Map.of("event", "admin.change", "actor", admin.userId(), "target", target),
            r -> true);
    assertEquals("ok", created.path("outcome").asText());
    assertEquals("POST /auth/users 201", created.path("detail").asText());
    assertEquals(TestSessions.ADMIN_EMAIL, created.path("actor").path("email").asText());
    assertFalse(created.path("client").asText().isEmpty());
  }

  @Test
  void onlyAdminsMayReadTheTrailAndARefusalIsItselfRecorded() throws Exception {
    Login admin = TestSessions.admin();
    Login trader = TestSessions.newUser(admin, "trader").login();
    assertEquals(403, trader.request().get("/auth/audit").statusCode());
    assertEquals(401, given().get("/auth/audit").statusCode());
    Response key =
        admin
            .request()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "audit-reader", "scope", "prices:admin"))
            .post("/auth/api-keys");
    String keyToken =
        given()
            .header("X-API-Key", key.jsonPath().getString("secret"))
            .post("/auth/token")
            .jsonPath()
            .getString("accessToken");
    assertEquals(403, given().auth().oauth2(keyToken).get("/auth/audit").statusCode());

    JsonNode refused =
        awaitRecord(
            admin,
            Map.of("event", "request.refused", "actor", trader.userId(), "target", "/auth/audit"),
            r -> true);
    assertEquals("refused", refused.path("outcome").asText());
    assertEquals("GET /auth/audit 403", refused.path("detail").asText());

    String keyActor = "apikey:" + key.jsonPath().getString("key.id");
    JsonNode byKey =
        awaitRecord(admin, Map.of("event", "request.refused", "actor", keyActor), r -> true);
    assertEquals("api-key", byKey.path("actor").path("kind").asText());
    assertEquals("audit-reader", byKey.path("actor").path("name").asText());
  }

  @Test
  void filtersAndPagesNewestFirst() throws Exception {
    Login admin = TestSessions.admin();
    String actor = "apikey:" + UUID.randomUUID();
    Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    List<String> ids = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ObjectNode record =
          record(
              "price-service",
              i % 2 == 0 ? "change" : "admin.change",
              actor,
              t0.plusSeconds(60L * i));
      record.put("target", "/api/prices/thing-" + (i % 2));
      CONTRACT.assertConforms("audit.records", record.toString());
      ids.add(record.path("id").asText());
      values.add(record.toString());
    }
    publish(actor, values.toArray(String[]::new));
    await()
        .atMost(STORED_WITHIN)
        .untilAsserted(() -> assertEquals(5, records(audit(admin, Map.of("actor", actor))).size()));

    List<String> seen = new ArrayList<>();
    JsonNode page = audit(admin, Map.of("actor", actor, "limit", 2));
    records(page).forEach(r -> seen.add(r.path("recordId").asText()));
    page = audit(admin, Map.of("actor", actor, "limit", 2, "cursor", page.path("next").asText()));
    records(page).forEach(r -> seen.add(r.path("recordId").asText()));
    page = audit(admin, Map.of("actor", actor, "limit", 2, "cursor", page.path("next").asText()));
    records(page).forEach(r -> seen.add(r.path("recordId").asText()));
    assertTrue(page.path("next").isNull(), "the last page has no next: " + page);
    assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), seen);

    JsonNode range =
        audit(
            admin,
            Map.of(
                "actor",
                actor,
                "since",
                t0.plusSeconds(60).toString(),
                "until",
                t0.plusSeconds(180).toString()));
    assertEquals(
        List.of(ids.get(2), ids.get(1)),
        records(range).stream().map(r -> r.path("recordId").asText()).toList(),
        "since is inclusive, until exclusive");
    assertEquals(
        List.of(ids.get(3), ids.get(1)),
        records(audit(admin, Map.of("actor", actor, "event", "admin.change"))).stream()
            .map(r -> r.path("recordId").asText())
            .toList());
    assertEquals(
        List.of(ids.get(4), ids.get(2), ids.get(0)),
        records(audit(admin, Map.of("actor", actor, "target", "/api/prices/thing-0"))).stream()
            .map(r -> r.path("recordId").asText())
            .toList());
    assertEquals(
        "price-service",
        records(audit(admin, Map.of("actor", actor))).get(0).path("service").asText());
  }

  @Test
  void badParametersAreProblemsThatDoNotEchoTheInput() {
    Login admin = TestSessions.admin();
    for (Map<String, String> bad :
        List.of(
            Map.of("since", "yesterday-evil"),
            Map.of("until", "2025-13-01T00:00:00Z"),
            Map.of("since", "2025-02-01T00:00:00Z", "until", "2025-01-01T00:00:00Z"),
            Map.of("limit", "0"),
            Map.of("limit", "201"),
            Map.of("limit", "lots-evil"),
            Map.of("cursor", "evil"),
            Map.of("cursor", "-9223372036854775808.1"),
            Map.of("actor", "x".repeat(300)))) {
      Response response = admin.request().queryParams(bad).get("/auth/audit");
      assertEquals(400, response.statusCode(), bad + ": " + response.asString());
      assertTrue(response.contentType().startsWith("application/problem+json"), bad.toString());
      assertFalse(response.asString().contains("evil"), response.asString());
    }
    assertTrue(
        admin
            .request()
            .queryParam("since", "yesterday")
            .get("/auth/audit")
            .jsonPath()
            .getString("detail")
            .contains("since"),
        "the problem names the parameter");
  }

  @Test
  void aRecordFromAnotherServiceIsStoredOnceAndNamesItsActor() throws Exception {
    Login admin = TestSessions.admin();
    ObjectNode record = record("account-service", "admin.change", admin.userId(), Instant.now());
    String target = "/api/accounts/" + UUID.randomUUID() + "/re-encrypt";
    record.put("target", target);
    record.put("client", "203.0.113.7");
    record.put("detail", "POST /api/accounts/admin/re-encrypt 200");
    CONTRACT.assertConforms("audit.records", record.toString());
    // A record that is not JSON and one of another version are skipped; the stream goes on, and a
    // redelivered record is stored once.
    publish(
        admin.userId(),
        "not json",
        record.deepCopy().put("v", 2).put("id", UUID.randomUUID().toString()).toString(),
        record.toString(),
        record.toString());

    JsonNode stored = awaitRecord(admin, Map.of("target", target), r -> true);
    assertEquals("account-service", stored.path("service").asText());
    assertEquals("203.0.113.7", stored.path("client").asText());
    assertEquals(record.path("id").asText(), stored.path("recordId").asText());
    assertEquals(TestSessions.ADMIN_EMAIL, stored.path("actor").path("email").asText());
    assertEquals(
        Instant.ofEpochMilli(record.path("timeMsc").asLong()),
        Instant.parse(stored.path("time").asText()));
    assertEquals(1, records(audit(admin, Map.of("target", target))).size(), "stored once");
  }

  @Test
  void noPasswordIsStoredAfterALoginWithAWrongOne() throws Exception {
    Login admin = TestSessions.admin();
    Account trader = TestSessions.newUser(admin, "trader");
    String wrong = "wrong secret " + UUID.randomUUID();
    String inTheWrongField = "my pass phrase " + UUID.randomUUID();
    // A password with an @ in it, typed into the e-mail field: it is still not an address.
    String withAnAt = "P@ss-" + UUID.randomUUID().toString().substring(0, 8) + "!";
    String address = TestSessions.freshAddress();
    TestSessions.attempt(trader.email(), wrong, address);
    TestSessions.attempt(inTheWrongField, "x", address);
    TestSessions.attempt(withAnAt, "x", address);
    awaitRecord(
        admin, Map.of("target", trader.email()), r -> r.path("client").asText().equals(address));
    awaitRecord(
        admin,
        Map.of("target", "(not an e-mail address)"),
        r -> r.path("client").asText().equals(address));

    List<?> rows =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    AuditEntry.getEntityManager()
                        .createNativeQuery("select cast(r as text) from audit_record r")
                        .getResultList());
    for (Object row : rows) {
      String text = row.toString();
      assertFalse(
          text.contains(wrong) || text.contains(inTheWrongField) || text.contains(withAnAt), text);
      assertFalse(
          text.contains(trader.password()) || text.contains(TestSessions.ADMIN_PASSWORD), text);
    }
  }

  @Test
  void recordsOlderThanTheRetentionArePurged() {
    String actor = "purge-test-" + UUID.randomUUID();
    Instant now = Instant.now();
    for (Instant at : List.of(now.minus(Duration.ofDays(91)), now.minus(Duration.ofDays(89)))) {
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  AuditEntry.getEntityManager()
                      .createNativeQuery(
                          "insert into audit_record (record_id, occurred_at, service, event, actor,"
                              + " outcome) values (:id, :at, 'auth-service', 'login', :actor, 'ok')")
                      .setParameter("id", UUID.randomUUID())
                      .setParameter("at", at)
                      .setParameter("actor", actor)
                      .executeUpdate());
    }
    // The scheduled purge may get there first: what counts is what is left.
    purge.purge();
    List<AuditEntry> left =
        QuarkusTransaction.requiringNew().call(() -> AuditEntry.list("actor", actor));
    assertEquals(1, left.size());
    assertTrue(left.get(0).occurredAt.isAfter(now.minus(Duration.ofDays(90))));
  }
}
