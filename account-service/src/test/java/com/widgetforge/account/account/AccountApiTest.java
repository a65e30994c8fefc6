package com.widgetforge.account.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.account.crypto.CredentialCipher;
import com.widgetforge.account.snapshot.Snapshot;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TestTokens;
import com.widgetforge.devstack.testing.TopicReader;
import com.widgetforge.devstack.testing.TopicWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "account"))
@QuarkusTestResource(TestTokens.class)
class AccountApiTest {

  private static final String K2 = "test-k2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
  private static final String K1 = "test-k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static long nextLogin = System.nanoTime() % 1_000_000_000L;

  private final ObjectMapper json = new ObjectMapper();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private static RequestSpecification as(UUID user, String role) {
    return given()
        .auth()
        .oauth2(
            TestTokens.token(
                user.toString(), List.of(role), "s-" + UUID.randomUUID(), Duration.ofMinutes(5)));
  }

  private static synchronized long login() {
    return ++nextLogin;
  }

  private static Map<String, Object> account(String password) {
    Map<String, Object> body = new HashMap<>();
    body.put("login", login());
    body.put("server", "FivePercentOnline-Real");
    body.put("label", "Challenge 100k");
    body.put("provider", "simulated");
    body.put("investorPassword", password);
    body.put("initialBalance", 100000);
    body.put("profitTargetPct", 8);
    body.put("maxDailyLossPct", 5);
    body.put("maxTotalLossPct", 10);
    body.put("dailyResetTime", "17:00");
    body.put("dailyResetZone", "America/New_York");
    return body;
  }

  private static String create(UUID owner, Map<String, Object> body) {
    Response created =
        as(owner, "trader").contentType(ContentType.JSON).body(body).post("/api/accounts");
    assertEquals(201, created.statusCode(), created.asString());
    return created.jsonPath().getString("id");
  }

  @Test
  void aTraderNeverSeesOrTouchesAnotherTradersAccount() {
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    String id = create(alice, account("Inv3stor!A2"));
    assertEquals(200, as(alice, "trader").get("/api/accounts/" + id).statusCode());
    assertEquals(404, as(bob, "trader").get("/api/accounts/" + id).statusCode());
    assertEquals(404, as(bob, "trader").get("/api/accounts/" + id + "/history").statusCode());
    assertEquals(
        404,
        as(bob, "trader")
            .contentType(ContentType.JSON)
            .body(Map.of("label", "mine"))
            .patch("/api/accounts/" + id)
            .statusCode());
    assertEquals(404, as(bob, "trader").delete("/api/accounts/" + id).statusCode());
    assertFalse(as(bob, "trader").get("/api/accounts").asString().contains(id));
    assertTrue(as(alice, "trader").get("/api/accounts").jsonPath().getList("id").contains(id));
    assertTrue(
        as(UUID.randomUUID(), "admin").get("/api/accounts").jsonPath().getList("id").contains(id));
    assertTrue(
        as(UUID.randomUUID(), "accounts:read")
            .get("/api/accounts")
            .jsonPath()
            .getList("id")
            .contains(id));
    assertEquals(
        403,
        as(UUID.randomUUID(), "accounts:read")
            .contentType(ContentType.JSON)
            .body(account("x"))
            .post("/api/accounts")
            .statusCode());
    assertEquals(401, given().get("/api/accounts").statusCode());
    Map<String, Object> fivers = account("pw");
    fivers.put("provider", "fivers");
    Response notYours =
        as(bob, "trader").contentType(ContentType.JSON).body(fivers).post("/api/accounts");
    assertEquals(
        403, notYours.statusCode(), "the firm's key reads any account: admins register those");
    assertEquals(
        200,
        as(alice, "trader")
            .contentType(ContentType.JSON)
            .body(Map.of("label", "Renamed"))
            .patch("/api/accounts/" + id)
            .statusCode());
    assertEquals(204, as(alice, "trader").delete("/api/accounts/" + id).statusCode());
    assertEquals(404, as(alice, "trader").get("/api/accounts/" + id).statusCode());
    var tombstones =
        TopicReader.read(
            bootstrapServers,
            "account.snapshots",
            "earliest",
            got -> got.stream().anyMatch(r -> r.key().equals(id) && r.value() == null),
            Duration.ofSeconds(15));
    assertTrue(
        tombstones.stream().anyMatch(r -> r.key().equals(id) && r.value() == null),
        "a deleted account leaves a tombstone on the compacted topic");
  }

  @Test
  void theInvestorPasswordIsWriteOnlyAndNeverLogged() throws Exception {
    UUID owner = UUID.randomUUID();
    String secret = "never-show-" + UUID.randomUUID();
    String id = create(owner, account(secret));
    Response view = as(owner, "trader").get("/api/accounts/" + id);
    assertTrue(view.jsonPath().getBoolean("hasInvestorPassword"));
    assertFalse(view.asString().contains(secret));
    assertFalse(as(owner, "trader").get("/api/accounts").asString().contains(secret));
    as(owner, "trader")
        .contentType(ContentType.JSON)
        .body(Map.of("investorPassword", secret + "2"))
        .patch("/api/accounts/" + id);
    assertFalse(
        Files.readString(Path.of("target/account-service-test.log")).contains("never-show-"));
  }

  @Test
  void badInputIsRefusedWithAMessage() {
    UUID owner = UUID.randomUUID();
    Map<String, Object[]> cases =
        Map.of(
            "login", new Object[] {"login", -5},
            "dailyResetZone", new Object[] {"dailyResetZone", "Mars/Olympus"},
            "dailyResetTime", new Object[] {"dailyResetTime", "25:99"},
            "maxDailyLossPct", new Object[] {"maxDailyLossPct", 150},
            // What a widget shows is its own "fields" option; the account has no such list.
            "unknown field publicFields", new Object[] {"publicFields", List.of("equity")},
            "provider", new Object[] {"provider", "nope"},
            "unknown field maxDailyLosPct", new Object[] {"maxDailyLosPct", 4},
            "initialBalance", new Object[] {"initialBalance", -1});
    cases.forEach(
        (message, change) -> {
          Map<String, Object> body = account("pw");
          body.put((String) change[0], change[1]);
          Response response =
              as(owner, "trader").contentType(ContentType.JSON).body(body).post("/api/accounts");
          assertEquals(400, response.statusCode(), message + ": " + response.asString());
          assertTrue(
              response.jsonPath().getString("detail").contains(message), response.asString());
        });
    assertEquals(
        400, as(owner, "trader").contentType(ContentType.JSON).post("/api/accounts").statusCode());
    assertEquals(404, as(owner, "trader").get("/api/accounts/not-a-uuid").statusCode());
    Map<String, Object> dup = account("pw");
    create(owner, dup);
    assertEquals(
        409,
        as(owner, "trader")
            .contentType(ContentType.JSON)
            .body(dup)
            .post("/api/accounts")
            .statusCode());
  }

  @Test
  void snapshotsOfASimulatedAccountArriveOnKafkaAndInTheHistory() throws Exception {
    UUID owner = UUID.randomUUID();
    String id = create(owner, account("pw-snap"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> as(owner, "trader").get("/api/accounts/" + id + "/snapshot").statusCode() == 200);
    JsonNode snapshot =
        json.readTree(as(owner, "trader").get("/api/accounts/" + id + "/snapshot").asString());
    assertEquals(id, snapshot.get("accountId").asText());
    assertFalse(snapshot.get("stale").asBoolean());
    assertEquals("America/New_York", snapshot.get("dailyResetZone").asText());

    var records =
        TopicReader.read(
            bootstrapServers,
            "account.snapshots",
            "earliest",
            got -> got.stream().anyMatch(r -> r.key().equals(id)),
            Duration.ofSeconds(15));
    String event =
        records.stream().filter(r -> r.key().equals(id)).findFirst().orElseThrow().value();
    AsyncApiContract.load().assertConforms("account.snapshots", event);
    // The equity-curve widget's limit line: day-start equity less 5 % of the 100,000 start.
    JsonNode published = json.readTree(event);
    assertEquals(
        published.get("equity").asDouble() - published.get("todayPnl").asDouble() - 5_000,
        published.get("dailyLossFloor").asDouble(),
        0.011,
        event);

    Response history =
        as(owner, "trader")
            .queryParam("step", "PT1S")
            .queryParam("from", java.time.Instant.now().minusSeconds(600).toString())
            .get("/api/accounts/" + id + "/history");
    assertEquals(200, history.statusCode(), history.asString());
    assertTrue(history.jsonPath().getList("points").size() >= 1);
    assertEquals(
        400,
        as(owner, "trader")
            .queryParam("step", "PT0.1S")
            .get("/api/accounts/" + id + "/history")
            .statusCode());
    assertEquals(
        400,
        as(owner, "trader")
            .queryParam("from", "yesterday")
            .get("/api/accounts/" + id + "/history")
            .statusCode());
    assertEquals(
        400,
        as(owner, "trader")
            .queryParam("to", "2999-01-01T00:00:00Z")
            .get("/api/accounts/" + id + "/history")
            .statusCode());
  }

  @Test
  void dataPastItsFreshnessLimitIsMarkedStaleNotShownAsCurrent() throws Exception {
    UUID owner = UUID.randomUUID();
    String id = create(owner, account("pw-stale"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> as(owner, "trader").get("/api/accounts/" + id + "/snapshot").statusCode() == 200);
    as(owner, "trader")
        .contentType(ContentType.JSON)
        .body(Map.of("polling", false))
        .patch("/api/accounts/" + id)
        .then()
        .statusCode(200);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                as(owner, "trader")
                    .get("/api/accounts/" + id + "/snapshot")
                    .jsonPath()
                    .getBoolean("stale"));
  }

  @Test
  void ownersNamesComeFromAuthUsersAndADisabledOwnersAccountsStopPolling() throws Exception {
    UUID owner = UUID.randomUUID();
    String id = create(owner, account("pw-owner"));
    await().atMost(Duration.ofSeconds(20)).until(() -> snapshots(id) > 0);
    try (KafkaProducer<String, String> producer = TopicWriter.open(bootstrapServers)) {
      producer
          .send(
              new ProducerRecord<>(
                  "auth.users", owner.toString(), user(owner, "Zed the Trader", true)))
          .get();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  "Zed the Trader"
                      .equals(
                          as(owner, "trader")
                              .get("/api/accounts/" + id)
                              .jsonPath()
                              .getString("ownerName")));
      producer
          .send(
              new ProducerRecord<>(
                  "auth.users", owner.toString(), user(owner, "Zed the Trader", false)))
          .get();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                        .call(
                            () ->
                                com.widgetforge.account.owner.AccountOwner
                                    .<com.widgetforge.account.owner.AccountOwner>findById(owner)
                                    .active)
                    == false);
    // A poll already in flight may still land; after that the count must stay put.
    java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong(-1);
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              long now = snapshots(id);
              return now == seen.getAndSet(now);
            });
  }

  @Test
  void reencryptionMovesOldRowsToTheCurrentKeySoTheOldKeyCanBeRemoved() {
    UUID owner = UUID.randomUUID();
    String id = create(owner, account("Inv3stor!B3"));
    CredentialCipher old = new CredentialCipher(List.of(K1), "test-k1");
    CredentialCipher.Sealed sealed = old.seal("Inv3stor!B3", id);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              TradingAccount row = TradingAccount.findById(UUID.fromString(id));
              row.passwordKeyId = sealed.keyId();
              row.passwordCiphertext = sealed.ciphertext();
            });
    Response reencrypted = as(UUID.randomUUID(), "admin").post("/api/accounts/admin/re-encrypt");
    assertEquals(200, reencrypted.statusCode());
    assertTrue(reencrypted.jsonPath().getInt("reencrypted") >= 1);
    assertEquals(403, as(owner, "trader").post("/api/accounts/admin/re-encrypt").statusCode());
    TradingAccount row =
        QuarkusTransaction.requiringNew().call(() -> TradingAccount.findById(UUID.fromString(id)));
    assertEquals("test-k2", row.passwordKeyId);
    CredentialCipher withoutOldKey = new CredentialCipher(List.of(K2), "test-k2");
    assertEquals(
        "Inv3stor!B3",
        withoutOldKey.open(
            new CredentialCipher.Sealed(row.passwordKeyId, row.passwordCiphertext), id));
  }

  @Test
  void anAdminActionAndARefusalArePublishedAsAuditRecords() throws Exception {
    UUID admin = UUID.randomUUID();
    UUID trader = UUID.randomUUID();
    assertEquals(200, as(admin, "admin").post("/api/accounts/admin/re-encrypt").statusCode());
    assertEquals(403, as(trader, "trader").post("/api/accounts/admin/re-encrypt").statusCode());
    List<String> keys = List.of(admin.toString(), trader.toString());
    Map<String, JsonNode> byActor = new HashMap<>();
    for (var record :
        TopicReader.read(
            bootstrapServers,
            "audit.records",
            "earliest",
            got -> got.stream().filter(r -> keys.contains(r.key())).count() == 2,
            Duration.ofSeconds(10))) {
      if (keys.contains(record.key())) {
        AsyncApiContract.load().assertConforms("audit.records", record.value());
        byActor.put(record.key(), json.readTree(record.value()));
      }
    }
    JsonNode change = byActor.get(admin.toString());
    assertEquals("account-service", change.path("service").asText());
    assertEquals("admin.change", change.path("event").asText());
    assertEquals("ok", change.path("outcome").asText());
    assertEquals("/api/accounts/admin/re-encrypt", change.path("target").asText());
    JsonNode refusal = byActor.get(trader.toString());
    assertEquals("request.refused", refusal.path("event").asText());
    assertEquals("refused", refusal.path("outcome").asText());
    assertEquals("POST /api/accounts/admin/re-encrypt 403", refusal.path("detail").asText());
  }

  @Test
  void legacyFilesImportWithPasswordsReencryptedAndBadFilesImportNothing() throws Exception {
    UUID owner = UUID.randomUUID();
    RequestSpecification admin = as(UUID.randomUUID(), "admin");
    Map<String, Object> bad = new HashMap<>();
    bad.put("ownerId", owner.toString());
    bad.put("provider", "simulated");
    bad.put("initialBalance", 100000);
    bad.put("fernetKey", "bXlzdGVyeS1rZXktdGhhdC1pcy10aGlydHktdHdvLWI=");
    bad.put("terminals", json.readTree(resource("mt5_terminals.json")));
    Response refused =
        admin.contentType(ContentType.JSON).body(bad).post("/api/accounts/admin/import-legacy");
    assertEquals(400, refused.statusCode(), refused.asString());
    assertTrue(
        refused.jsonPath().getString("detail").contains("wrong key file"), refused.asString());
    assertEquals(0, as(owner, "trader").get("/api/accounts").jsonPath().getList("id").size());

    Map<String, Object> good = new HashMap<>(bad);
    good.put("fernetKey", resource("mt5_key.key"));
    Response imported =
        as(UUID.randomUUID(), "admin")
            .contentType(ContentType.JSON)
            .body(good)
            .post("/api/accounts/admin/import-legacy");
    assertEquals(201, imported.statusCode(), imported.asString());
    JsonNode expected = json.readTree(resource("expected_plaintext.json"));
    assertEquals(expected.size(), imported.jsonPath().getList("id").size());
    assertFalse(imported.asString().contains("Inv3stor"));
    CredentialCipher current = new CredentialCipher(List.of(K2), "test-k2");
    for (String id : imported.jsonPath().getList("id", String.class)) {
      TradingAccount row =
          QuarkusTransaction.requiringNew()
              .call(() -> TradingAccount.findById(UUID.fromString(id)));
      assertEquals(
          expected.get(Long.toString(row.login)).asText(),
          current.open(new CredentialCipher.Sealed(row.passwordKeyId, row.passwordCiphertext), id));
    }

    Map<String, Object> logins = new HashMap<>();
    logins.put("ownerId", UUID.randomUUID().toString());
    logins.put("provider", "fivers");
    logins.put("initialBalance", 50000);
    logins.put("logins", json.readTree(resource("logins.json")));
    assertEquals(
        201,
        as(UUID.randomUUID(), "admin")
            .contentType(ContentType.JSON)
            .body(logins)
            .post("/api/accounts/admin/import-legacy")
            .statusCode());
  }

  /** Snapshots made from provider data (stale repeats excluded). */
  private static long snapshots(String id) {
    return QuarkusTransaction.requiringNew()
        .call(() -> Snapshot.count("accountId = ?1 and stale = false", UUID.fromString(id)));
  }

  private static String user(UUID id, String name, boolean active) {
    return "{\"v\":1,\"userId\":\""
        + id
        + "\",\"displayName\":\""
        + name
        + "\",\"role\":\"trader\",\"active\":"
        + active
        + ",\"change\":\""
        + (active ? "created" : "disabled")
        + "\",\"timeMsc\":"
        + System.currentTimeMillis()
        + "}";
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = AccountApiTest.class.getResourceAsStream("/legacy/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
