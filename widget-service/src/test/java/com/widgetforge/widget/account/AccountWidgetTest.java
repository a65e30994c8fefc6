package com.widgetforge.widget.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TestTokens;
import com.widgetforge.devstack.testing.TopicWriter;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
@QuarkusTestResource(TestTokens.class)
class AccountWidgetTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @TestHTTPResource("/ws/account-stream")
  URI streamUri;

  @Inject AccountBoard board;

  @TestHTTPResource("/")
  URI root;

  private final ObjectMapper json = new ObjectMapper();
  private final AsyncApiContract contract = AsyncApiContract.load();
  private final List<WebSocketTestClient> clients = new ArrayList<>();
  private final String owner = UUID.randomUUID().toString();
  private final String account = UUID.randomUUID().toString();
  private KafkaProducer<String, String> producer;

  @BeforeEach
  void producer() {
    producer = TopicWriter.open(bootstrapServers);
  }

  @AfterEach
  void close() {
    clients.forEach(WebSocketTestClient::close);
    producer.close();
  }

  private void publishSnapshot(double balance, double equity, long timeMsc) throws Exception {
    String snapshot =
        String.format(
            Locale.ROOT,
            "{\"v\":1,\"accountId\":\"%s\",\"ownerId\":\"%s\",\"label\":\"Phase <1> 100k\","
                + "\"timeMsc\":%d,\"provider\":\"fivers\",\"stale\":false,\"currency\":\"USD\",\"balance\":%.2f,"
                + "\"equity\":%.2f,\"gainPct\":2.5,\"maxDrawdownPct\":1.25,\"dailyLossUsedPct\":1.5,"
                + "\"dailyLossLimitPct\":5,\"profitTargetProgressPct\":31.25,\"tradingDays\":7,"
                + "\"minTradingDays\":10,"
                + "\"dailyResetTime\":\"00:00\",\"dailyResetZone\":\"Europe/Prague\"}",
            account,
            owner,
            timeMsc,
            balance,
            equity);
    contract.assertConforms("account.snapshots", snapshot);
    producer
        .send(new ProducerRecord<>("account.snapshots", account, snapshot))
        .get(10, TimeUnit.SECONDS);
  }

  private void publishOwner(String name) throws Exception {
    String user =
        String.format(
            "{\"v\":1,\"userId\":\"%s\",\"displayName\":\"%s\",\"role\":\"trader\","
                + "\"active\":true,\"change\":\"created\",\"timeMsc\":%d}",
            owner, name, System.currentTimeMillis());
    contract.assertConforms("auth.users", user);
    producer.send(new ProducerRecord<>("auth.users", owner, user)).get(10, TimeUnit.SECONDS);
  }

  private String saveWidget(String fields) throws Exception {
    publishOwner("Jana <i>Trader</i>");
    publishSnapshot(101_234.5, 99_876.25, System.currentTimeMillis());
    await()
        .atMost(WAIT)
        .until(
            () -> board.latest(account).isPresent() && board.displayName(owner).startsWith("Jana"));
    Response saved =
        asOwner()
            .body(
                Map.of(
                    "kind",
                    "account",
                    "name",
                    "My funded account",
                    "options",
                    Map.of("accountId", account, "size", "medium", "fields", fields),
                    "allowedSites",
                    List.of("https://stream.example")))
            .post("/api/widgets");
    assertEquals(201, saved.statusCode(), saved.asString());
    return saved.jsonPath().getString("id");
  }

  /** A JSON request as the account's owner, a trader. */
  private io.restassured.specification.RequestSpecification asOwner() {
    return given()
        .header("Authorization", "Bearer " + token(owner, "trader"))
        .contentType(ContentType.JSON);
  }

  private static String token(String user, String group) {
    return TestTokens.token(
        user, List.of(group), UUID.randomUUID().toString(), Duration.ofMinutes(5));
  }

  @Test
  void aDeletedAccountsWidgetsSayItIsGoneAtOnceAndAfterAReload() throws Exception {
    String token = saveWidget("balance,equity");
    WebSocketTestClient viewer = connect();
    viewer.send("{\"widgets\":[\"" + token + "\"]}");
    viewer.await(m -> m.contains("subscribed"), WAIT);

    // account-service's tombstone for the deleted account.
    producer
        .send(new ProducerRecord<>("account.snapshots", account, null))
        .get(10, TimeUnit.SECONDS);
    JsonNode gone = json.readTree(viewer.await(m -> m.contains("\"type\":\"account\""), WAIT));
    assertEquals(
        "this account was removed", gone.get("card").get("provider").asText(), gone.toString());
    gone.get("card").get("metrics").forEach(m -> assertEquals("–", m.get("value").asText()));

    String html = given().get("/widgets/account/" + token).asString();
    assertTrue(html.contains("this account was removed"), html);
    assertFalse(html.contains("$101,234.50"), "no figure of a deleted account");
  }

  @Test
  void anAccountWidgetInGermanHasGermanLabelsAndNumbers() throws Exception {
    saveWidget("balance");
    Response saved =
        asOwner()
            .body(
                Map.of(
                    "kind", "account",
                    "name", "Auf Deutsch",
                    "options",
                        Map.of(
                            "accountId", account,
                            "fields", "balance,dailyLoss,tradingDays",
                            "locale", "de")))
            .post("/api/widgets");
    assertEquals(201, saved.statusCode(), saved.asString());
    String html = given().get("/widgets/account/" + saved.jsonPath().getString("id")).asString();
    for (String german :
        List.of(
            "Kontostand",
            "Tagesverlust",
            "Handelstage",
            "1,50\u00a0% von 5,00\u00a0%",
            "Reset 00:00 Europe/Prague",
            "mindestens 10",
            "Quelle:",
            "101.234,50")) {
      assertTrue(html.contains(german), german + " in " + html);
    }
    assertFalse(html.contains("Balance"), "no English label left");
  }

  @Test
  void tradingDaysShowAgainstTheProgramsMinimum() throws Exception {
    String token = saveWidget("tradingDays");
    String html = given().get("/widgets/account/" + token).asString();
    assertTrue(html.contains("<span class=\"value\">7</span>"), html);
    assertTrue(html.contains("minimum 10"), html);
    assertTrue(html.contains("<meter min=\"0\" max=\"100\" value=\"70.0\">"), html);
  }

  @Test
  void buildersAndWidgetListsNameTradersAndAccountsNeverTheirIds() throws Exception {
    String widget = saveWidget("balance");
    String admin = UUID.randomUUID().toString();
    Response builder =
        given()
            .cookie("__Host-wf_session", token(admin, "admin"))
            .get("/dashboard/builder/account");
    assertEquals(200, builder.statusCode(), builder.asString());
    String html = builder.asString();
    // An admin picks "trader → account" from every trader's accounts, grouped by name.
    assertTrue(html.contains("<optgroup label=\"Jana &lt;i&gt;Trader&lt;/i&gt;\">"), html);
    assertTrue(
        html.contains("Jana &lt;i&gt;Trader&lt;/i&gt; · Phase &lt;1&gt; 100k (The5ers)"), html);
    assertTrue(html.contains("id=\"account-filter\""), "a search box for admins");
    String shown =
        html.replaceAll("value=\"[^\"]*\"", "").replaceAll("data-[a-z-]+=\"[^\"]*\"", "");
    assertFalse(shown.contains(account), "the account id is only a form value");
    assertFalse(shown.contains(owner), "so is the owner's");

    String ownView =
        given()
            .cookie("__Host-wf_session", token(owner, "trader"))
            .get("/dashboard/builder/account")
            .asString();
    assertTrue(ownView.contains(">Phase &lt;1&gt; 100k (The5ers)</option>"), ownView);
    assertFalse(ownView.contains("<optgroup"), "a trader sees only their own, ungrouped");
    String strangers =
        given()
            .cookie("__Host-wf_session", token(UUID.randomUUID().toString(), "trader"))
            .get("/dashboard/builder/account")
            .asString();
    assertFalse(strangers.contains(account), "nor anyone else's");

    Response all =
        given()
            .header("Authorization", "Bearer " + token(admin, "admin"))
            .get("/api/widgets?all=true");
    assertEquals(200, all.statusCode(), all.asString());
    assertEquals(
        "Jana <i>Trader</i>",
        all.jsonPath().getString("find { it.id == '" + widget + "' }.ownerName"));
  }

  @Test
  void theWidgetShowsOnlyThePublicFieldsWithWhoAndWhereFrom() throws Exception {
    String token = saveWidget("balance,dailyLoss,target");
    Response page = given().get("/widgets/account/" + token);
    assertEquals(200, page.statusCode(), page.asString());
    String html = page.asString();
    assertTrue(html.contains("$101,234.50"), html);
    assertFalse(html.contains("99,876"), "equity is not public");
    assertFalse(html.contains(account), "the account id stays private");
    assertTrue(html.contains("Jana &lt;i&gt;Trader&lt;/i&gt;"), "display name, escaped");
    // No-break spaces inside each figure: "1.50 %" never wraps between the number and its sign.
    assertTrue(
        html.contains("1.50\u00a0% of 5.00\u00a0%") && html.contains("resets 00:00 Europe/Prague"),
        html);
    assertTrue(html.contains("31.25\u00a0%") && html.contains("The5ers"));
    assertFalse(html.contains("account size-medium stale"), "fresh data is not delayed");
    assertTrue(
        page.header("Content-Security-Policy")
            .endsWith("frame-ancestors 'self' https://stream.example"));
    assertEquals(200, given().get("/widgets/w/" + token).statusCode());
  }

  @Test
  void oldDataIsShownAsDelayed() throws Exception {
    String token = saveWidget("balance");
    publishSnapshot(
        100_000, 100_000, System.currentTimeMillis() - Duration.ofHours(1).toMillis() + 1);
    // An older snapshot never replaces a newer one: once a later record of the same key (same
    // partition, so read after it) has been taken in, the page still shows the newer figures.
    String marker = UUID.randomUUID().toString().substring(0, 8);
    publishOwner("Jana " + marker);
    await().atMost(WAIT).until(() -> board.displayName(owner).endsWith(marker));
    assertTrue(given().get("/widgets/account/" + token).asString().contains("$101,234.50"));
    String stale = UUID.randomUUID().toString();
    // a fresh widget on an account whose only data is an hour old
    String ownerToken = token(owner, "trader");
    String oldSnapshot =
        String.format(
            Locale.ROOT,
            "{\"v\":1,\"accountId\":\"%s\",\"ownerId\":\"%s\",\"timeMsc\":%d,\"provider\":\"simulated\","
                + "\"stale\":false,\"currency\":\"EUR\",\"balance\":5000,\"equity\":5000}",
            stale,
            owner,
            System.currentTimeMillis() - Duration.ofHours(1).toMillis());
    producer
        .send(new ProducerRecord<>("account.snapshots", stale, oldSnapshot))
        .get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> board.latest(stale).isPresent());
    String id =
        given()
            .header("Authorization", "Bearer " + ownerToken)
            .contentType(ContentType.JSON)
            .body(Map.of("kind", "account", "name", "old", "options", Map.of("accountId", stale)))
            .post("/api/widgets")
            .jsonPath()
            .getString("id");
    String html = given().get("/widgets/account/" + id).asString();
    assertTrue(html.contains("account size-small stale"), html);
  }

  @Test
  void onlyTheOwnerMayMakeAWidgetOfAnAccount() throws Exception {
    saveWidget("balance");
    Response refused =
        given()
            .header("Authorization", "Bearer " + token(UUID.randomUUID().toString(), "trader"))
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "kind", "account", "name", "theirs", "options", Map.of("accountId", account)))
            .post("/api/widgets");
    assertEquals(400, refused.statusCode(), refused.asString());
    for (Map<String, String> bad :
        List.of(
            Map.of("accountId", "x"),
            Map.of("accountId", account, "size", "huge"),
            Map.of("accountId", account, "fields", "balance,password"))) {
      Response answer =
          asOwner()
              .body(Map.of("kind", "account", "name", "bad", "options", bad))
              .post("/api/widgets");
      assertEquals(400, answer.statusCode(), bad + " → " + answer.asString());
    }
  }

  private WebSocketTestClient connect() {
    WebSocketTestClient client =
        WebSocketTestClient.connect(URI.create(streamUri.toString().replace("http", "ws")));
    clients.add(client);
    return client;
  }

  @Test
  void theStreamSendsNewNumbersWithOnlyThePublicFields() throws Exception {
    String token = saveWidget("equity");
    WebSocketTestClient client = connect();
    client.send("{\"widgets\":[\"" + token + "\",\"" + UUID.randomUUID() + "\"]}");
    JsonNode subscribed = json.readTree(client.await(m -> m.contains("subscribed"), WAIT));
    assertEquals(1, subscribed.get("unknown").size());
    JsonNode card = subscribed.get("cards").get(token);
    assertEquals("$99,876.25", card.get("metrics").get(0).get("value").asText());
    assertEquals(1, card.get("metrics").size());

    publishSnapshot(101_000, 102_345.67, System.currentTimeMillis());
    JsonNode update = json.readTree(client.await(m -> m.contains("\"type\":\"account\""), WAIT));
    assertEquals(token, update.get("key").asText());
    assertEquals("$102,345.67", update.get("card").get("metrics").get(0).get("value").asText());
    assertFalse(update.toString().contains("101,000"), "balance is not public");
    assertFalse(update.toString().contains(account));
  }

  @Test
  void hostileMessagesGetErrorsAndOwnAccountsNeedASignIn() throws Exception {
    WebSocketTestClient client = connect();
    for (String hostile :
        List.of(
            "{\"widgets\": [",
            "[1,2]",
            "{\"widgets\":\"<script>\"}",
            "{\"widgets\":[\"<script>alert(1)</script>\"]}",
            "{\"evil\":1}",
            "{\"widgets\":[\"" + "a".repeat(5000) + "\"]}",
            "{\"accounts\":[\"" + account + "\"]}")) {
      client.send(hostile);
      JsonNode error = json.readTree(client.await(m -> m.contains("\"type\""), WAIT));
      assertEquals("error", error.get("type").asText(), hostile);
      assertFalse(error.toString().contains("<script>"), error.toString());
    }
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      many.add("\"" + UUID.randomUUID() + "\"");
    }
    client.send("{\"widgets\":[" + String.join(",", many) + "]}");
    assertTrue(client.await(m -> m.contains("\"type\""), WAIT).contains("at most 20"));
  }

  private WebSocketTestClient signedIn(String user, String sessionId, String origin) {
    return signedIn(user, List.of("trader"), sessionId, origin);
  }

  private WebSocketTestClient signedIn(
      String user, List<String> groups, String sessionId, String origin) {
    String token = TestTokens.token(user, groups, sessionId, Duration.ofMinutes(5));
    java.util.Map<String, String> headers = new java.util.HashMap<>();
    headers.put("Cookie", "__Host-wf_session=" + token);
    if (origin != null) {
      headers.put("Origin", origin);
    }
    WebSocketTestClient client =
        WebSocketTestClient.connect(
            URI.create(streamUri.toString().replace("http", "ws")), headers);
    clients.add(client);
    return client;
  }

  private String ownOrigin() {
    return root.toString().replaceAll("/$", "");
  }

  @Test
  void theOwnerFollowsTheirAccountFromTheDashboardUntilTheSessionIsRevoked() throws Exception {
    saveWidget("balance");
    String session = UUID.randomUUID().toString();
    WebSocketTestClient owner = signedIn(this.owner, session, ownOrigin());
    owner.send("{\"accounts\":[\"" + account + "\"]}");
    JsonNode subscribed = json.readTree(owner.await(m -> m.contains("\"type\""), WAIT));
    assertEquals("subscribed", subscribed.get("type").asText(), subscribed.toString());
    assertEquals(
        AccountWidget.FIELDS.size(), subscribed.get("cards").get(account).get("metrics").size());

    WebSocketTestClient stranger = signedIn(UUID.randomUUID().toString(), "s2", ownOrigin());
    stranger.send("{\"accounts\":[\"" + account + "\"]}");
    JsonNode refused = json.readTree(stranger.await(m -> m.contains("\"type\""), WAIT));
    assertEquals(account, refused.get("unknown").get(0).asText(), "not their account");
    assertTrue(refused.get("cards").isEmpty());

    // A one-time password's token may only choose a password: it follows nothing.
    WebSocketTestClient passwordOnly =
        signedIn(this.owner, List.of("password-change"), session, ownOrigin());
    passwordOnly.send("{\"accounts\":[\"" + account + "\"]}");
    JsonNode notYet = json.readTree(passwordOnly.await(m -> m.contains("\"type\""), WAIT));
    assertEquals("error", notYet.get("type").asText(), notYet.toString());
    assertTrue(notYet.toString().contains("choose your password first"), notYet.toString());

    WebSocketTestClient elsewhere = signedIn(this.owner, session, "https://evil.example");
    elsewhere.send("{\"accounts\":[\"" + account + "\"]}");
    JsonNode foreign = json.readTree(elsewhere.await(m -> m.contains("\"type\""), WAIT));
    assertEquals("error", foreign.get("type").asText(), "another site may not use the cookie");

    String revoked =
        String.format(
            "{\"v\":1,\"sessionId\":\"%s\",\"userId\":\"%s\",\"reason\":\"logout\","
                + "\"timeMsc\":%d}",
            session, this.owner, System.currentTimeMillis());
    contract.assertConforms("auth.sessions", revoked);
    producer
        .send(new ProducerRecord<>("auth.sessions", session, revoked))
        .get(10, TimeUnit.SECONDS);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              publishSnapshot(101_500, 101_600, System.currentTimeMillis());
              return owner.closed().isDone();
            });
    assertEquals(1008, owner.closed().get());
  }

  @Test
  void changingAWidgetEndsWhatItsOpenViewersGet() throws Exception {
    String token = saveWidget("equity,balance");
    WebSocketTestClient viewer = connect();
    viewer.send("{\"widgets\":[\"" + token + "\"]}");
    viewer.await(m -> m.contains("subscribed"), WAIT);
    Response changed =
        asOwner()
            .body(
                Map.of(
                    "kind",
                    "account",
                    "name",
                    "Only equity now",
                    "options",
                    Map.of("accountId", account, "fields", "equity")))
            .put("/api/widgets/" + token);
    assertEquals(200, changed.statusCode(), changed.asString());
    publishSnapshot(103_000, 104_000, System.currentTimeMillis());
    String after = viewer.next(Duration.ofSeconds(3));
    assertTrue(
        after == null || !after.contains("103,000"),
        "the balance the owner made private reached an open viewer: " + after);
    viewer.send("{\"widgets\":[\"" + token + "\"]}");
    JsonNode again = json.readTree(viewer.await(m -> m.contains("subscribed"), WAIT));
    assertEquals(
        1,
        again.get("cards").get(token).get("metrics").size(),
        "subscribing again shows the new options");
  }
}
