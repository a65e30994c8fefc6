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
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** The equity-curve widget: its page, its history, its live points, and who may see what. */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(AccountServiceStub.class)
class EquityCurveWidgetTest {

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
  private String account = UUID.randomUUID().toString();
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
            "{\"v\":1,\"accountId\":\"%s\",\"ownerId\":\"%s\",\"label\":\"Secret <b>label</b>\","
                + "\"timeMsc\":%d,\"provider\":\"fivers\",\"stale\":false,\"currency\":\"USD\","
                + "\"balance\":%.2f,\"equity\":%.2f,\"floatingPnl\":-12.5,\"todayPnl\":-250,"
                + "\"gainPct\":1.25,\"maxDrawdownPct\":2.75,\"dailyLossUsedPct\":0.25,"
                + "\"dailyLossLimitPct\":5,\"dailyLossFloor\":95250,\"totalLossUsedPct\":1,"
                + "\"totalLossLimitPct\":10,\"profitTargetProgressPct\":12.5,\"tradingDays\":3,"
                + "\"openPositions\":2,\"dailyResetTime\":\"00:00\",\"dailyResetZone\":\"UTC\"}",
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

  private void publishOwner() throws Exception {
    String user =
        String.format(
            "{\"v\":1,\"userId\":\"%s\",\"displayName\":\"Eva <script>x</script>\","
                + "\"role\":\"trader\",\"active\":true,\"change\":\"created\",\"timeMsc\":%d}",
            owner, System.currentTimeMillis());
    contract.assertConforms("auth.users", user);
    producer.send(new ProducerRecord<>("auth.users", owner, user)).get(10, TimeUnit.SECONDS);
  }

  /** Publishes the account and its owner, then saves an equity curve with {@code options}. */
  private String saveCurve(Map<String, String> options) throws Exception {
    publishOwner();
    publishSnapshot(100_250, 100_120.5, System.currentTimeMillis());
    await()
        .atMost(WAIT)
        .until(
            () -> board.latest(account).isPresent() && board.displayName(owner).startsWith("Eva"));
    Map<String, String> all = new HashMap<>(options);
    all.put("accountId", account);
    Response saved = save(all);
    assertEquals(201, saved.statusCode(), saved.asString());
    return saved.jsonPath().getString("id");
  }

  private Response save(Map<String, String> options) {
    return asOwner()
        .body(
            Map.of(
                "kind",
                "equity-curve",
                "name",
                "My curve",
                "options",
                options,
                "allowedSites",
                List.of("https://blog.example")))
        .post("/api/widgets");
  }

  private RequestSpecification asOwner() {
    return given()
        .header(
            "Authorization",
            "Bearer "
                + TestTokens.token(
                    owner, List.of("trader"), UUID.randomUUID().toString(), Duration.ofMinutes(5)))
        .contentType(ContentType.JSON);
  }

  private WebSocketTestClient connect() {
    WebSocketTestClient client =
        WebSocketTestClient.connect(URI.create(streamUri.toString().replace("http", "ws")));
    clients.add(client);
    return client;
  }

  @Test
  void thePageShowsPublicFiguresAndTheChartsDataButNeverTheAccount() throws Exception {
    String token = saveCurve(Map.of("range", "1M"));
    Response page = given().get("/widgets/account/" + token);
    assertEquals(200, page.statusCode(), page.asString());
    String html = page.asString();
    assertTrue(html.contains("data-kind=\"equity-curve\""), html);
    assertTrue(html.contains("data-range=\"1M\""), html);
    assertTrue(html.contains("data-span=\"2592000\""), html);
    assertTrue(html.contains("data-equity=\"100120.5\""), html);
    assertTrue(html.contains("data-floor=\"95250.0\""), html);
    assertTrue(html.contains("$100,250.00") && html.contains("$100,120.50"), html);
    assertTrue(html.contains("2.75\u00a0%"), "the maximum drawdown");
    assertTrue(html.contains("0.25\u00a0% of 5.00\u00a0%"), "the daily loss against its limit");
    assertTrue(html.contains("Daily-loss limit"), html);
    assertTrue(html.contains("/webjars/uplot/"), "the mini chart's chart library");
    assertTrue(html.contains("Eva &lt;script&gt;x&lt;/script&gt;"), "the name, escaped");
    assertFalse(html.contains("<script>x"), "never unescaped");
    assertFalse(html.contains(account), "the account id stays private");
    assertFalse(html.contains("Secret"), "so does its label");
    assertFalse(html.contains("12.50\u00a0%"), "and fields it does not show (target)");
    assertTrue(
        page.header("Content-Security-Policy")
            .endsWith("frame-ancestors 'self' https://blog.example"));
    assertEquals(200, given().get("/widgets/w/" + token).statusCode());
  }

  @Test
  void theHistoryCarriesOnlyTimesBalancesAndEquitiesAtTheRangesStep() throws Exception {
    String token = saveCurve(Map.of("range", "1M"));
    Response history = given().get("/widgets/account/" + token + "/history");
    assertEquals(200, history.statusCode(), history.asString());
    JsonNode curve = json.readTree(history.asString());
    assertEquals("1M", curve.get("range").asText());
    JsonNode times = curve.get("times");
    assertTrue(times.size() >= 360 && times.size() <= 361, "one point every 2 h for 30 days");
    assertEquals(7200, times.get(1).asLong() - times.get(0).asLong());
    assertEquals(times.size(), curve.get("equity").size());
    assertEquals(100_000.0, curve.get("balance").get(0).asDouble());
    assertFalse(history.asString().contains(account), "the account id stays private");

    String all = saveCurve(Map.of("range", "ALL"));
    JsonNode thinned =
        json.readTree(given().get("/widgets/account/" + all + "/history").asString());
    int points = thinned.get("times").size();
    assertTrue(points > 400 && points <= EquityHistory.MAX_POINTS, "ten years, thinned: " + points);
    assertEquals(
        8 * 86400,
        thinned.get("times").get(1).asLong() - thinned.get("times").get(0).asLong(),
        "every 8th of 3,650 daily points");

    String week = saveCurve(Map.of());
    JsonNode weekly =
        json.readTree(given().get("/widgets/account/" + week + "/history").asString());
    assertEquals("1W", weekly.get("range").asText(), "a week by default");
    assertEquals(1800, weekly.get("times").get(1).asLong() - weekly.get("times").get(0).asLong());
  }

  @Test
  void badOptionsAreA400ThatNamesThem() throws Exception {
    saveCurve(Map.of());
    for (Map<String, String> bad :
        List.of(
            Map.of("accountId", account, "range", "2W"),
            Map.of("accountId", account, "range", "1w"),
            Map.of("accountId", account, "theme", "<b>"),
            Map.of("accountId", account, "locale", "english"),
            Map.of("accountId", "not-an-id"))) {
      Response response = save(bad);
      assertEquals(400, response.statusCode(), bad + ": " + response.asString());
      assertFalse(response.asString().contains("<b>"), "never echoed");
    }
    assertTrue(
        save(Map.of("accountId", account, "range", "2W"))
            .asString()
            .contains("range must be one of 1D, 1W, 1M, 3M, 1Y, ALL"));
  }

  @Test
  void onlyTheOwnerMayMakeOneAndOtherWidgetsHaveNoHistory() throws Exception {
    String token = saveCurve(Map.of());
    Response stranger =
        given()
            .header(
                "Authorization",
                "Bearer "
                    + TestTokens.token(
                        UUID.randomUUID().toString(),
                        List.of("trader"),
                        UUID.randomUUID().toString(),
                        Duration.ofMinutes(5)))
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "kind",
                    "equity-curve",
                    "name",
                    "Not mine",
                    "options",
                    Map.of("accountId", account)))
            .post("/api/widgets");
    assertEquals(400, stranger.statusCode(), stranger.asString());
    assertTrue(stranger.asString().contains("one of your accounts"), stranger.asString());

    Response account =
        asOwner()
            .body(
                Map.of(
                    "kind",
                    "account",
                    "name",
                    "Card",
                    "options",
                    Map.of("accountId", this.account)))
            .post("/api/widgets");
    assertEquals(201, account.statusCode(), account.asString());
    assertEquals(
        404,
        given()
            .get("/widgets/account/" + account.jsonPath().getString("id") + "/history")
            .statusCode(),
        "an account card has no history");
    assertEquals(
        404, given().get("/widgets/account/" + UUID.randomUUID() + "/history").statusCode());
    assertEquals(404, given().get("/widgets/account/not-a-token/history").statusCode());
    assertEquals(200, given().get("/widgets/account/" + token + "/history").statusCode());
  }

  @Test
  void historyThatAccountServiceCannotGiveIsA503AndThePageStillRenders() throws Exception {
    account = account.substring(0, 33) + "500";
    String token = saveCurve(Map.of("range", "1D"));
    Response history = given().get("/widgets/account/" + token + "/history");
    assertEquals(503, history.statusCode(), history.asString());
    assertTrue(history.asString().contains("history unavailable"), history.asString());
    assertEquals(200, given().get("/widgets/account/" + token).statusCode());
  }

  @Test
  void aDeletedAccountsCurveSaysItIsGone() throws Exception {
    String token = saveCurve(Map.of("locale", "fr"));
    WebSocketTestClient viewer = connect();
    viewer.send("{\"widgets\":[\"" + token + "\"]}");
    viewer.await(m -> m.contains("subscribed"), WAIT);

    producer
        .send(new ProducerRecord<>("account.snapshots", account, null))
        .get(10, TimeUnit.SECONDS);
    JsonNode gone = json.readTree(viewer.await(m -> m.contains("\"type\":\"account\""), WAIT));
    assertEquals("ce compte a été supprimé", gone.get("card").get("provider").asText());
    assertFalse(gone.has("point"), "no figure of a deleted account");

    String html = given().get("/widgets/account/" + token).asString();
    assertTrue(html.contains("curve stale removed"), html);
    assertTrue(html.contains("ce compte a été supprimé"), html);
    assertFalse(html.contains("data-equity="), "no figure of a deleted account");
    Response history = given().get("/widgets/account/" + token + "/history");
    assertEquals(404, history.statusCode());
    assertTrue(history.asString().contains("this account was removed"), history.asString());
  }

  @Test
  void inGermanTheLabelsAreGerman() throws Exception {
    String token = saveCurve(Map.of("locale", "de-DE", "range", "ALL"));
    String html = given().get("/widgets/account/" + token).asString();
    for (String german :
        List.of("Kontostand", "Tagesverlustgrenze", "Max. Drawdown", "gesamt", "100.250,00")) {
      assertTrue(html.contains(german), german + " in " + html);
    }
    assertFalse(html.contains("Daily-loss limit"), "no English label left");
  }

  @Test
  void inABrowserItDrawsTheHistoryAndThenEachNewSnapshot() throws Exception {
    String token = saveCurve(Map.of("range", "1D", "theme", "light"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=640,420");
    WebDriver browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .build(),
            options);
    try {
      browser.get(root + "widgets/account/" + token);
      WebElement plot = browser.findElement(By.cssSelector(".curve .plot"));
      // A day of 5-minute points from account-service, then the point the page was rendered with.
      await().atMost(WAIT).until(() -> number(plot, "data-points") >= 288);
      assertFalse(browser.findElements(By.cssSelector(".curve .plot canvas")).isEmpty());
      assertEquals("", browser.findElement(By.cssSelector(".curve .status")).getText());
      assertEquals(95_250, number(plot, "data-floor"));

      // Appended at the end; the day's oldest point drops off the start.
      double first = number(plot, "data-first-time");
      long time = System.currentTimeMillis() + 2000;
      publishSnapshot(100_400, 100_777.25, time);
      await().atMost(WAIT).until(() -> number(plot, "data-last-time") == time / 1000);
      assertTrue(number(plot, "data-first-time") >= first);
      assertTrue(number(plot, "data-points") >= 288);
      assertEquals(100_777.25, number(plot, "data-last"));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  browser
                      .findElement(By.cssSelector(".metric[data-key=equity] .value"))
                      .getText()
                      .equals("$100,777.25"));
      List<LogEntry> problems =
          browser.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
              .filter(entry -> !entry.getMessage().contains("/favicon.ico"))
              .toList();
      assertTrue(problems.isEmpty(), "no console errors (e.g. policy violations): " + problems);
    } finally {
      browser.quit();
    }
  }

  private static double number(WebElement element, String attribute) {
    String value = element.getAttribute(attribute);
    return value == null || value.isEmpty() ? -1 : Double.parseDouble(value);
  }

  @Test
  void itsBuilderOffersTheOwnersAccountsAndTheRanges() throws Exception {
    saveCurve(Map.of());
    Response builder =
        given()
            .cookie(
                "__Host-wf_session",
                TestTokens.token(
                    owner, List.of("trader"), UUID.randomUUID().toString(), Duration.ofMinutes(5)))
            .get("/dashboard/builder/equity-curve");
    assertEquals(200, builder.statusCode(), builder.asString());
    String html = builder.asString();
    assertTrue(html.contains("<h1>Equity curve builder</h1>"), html);
    assertTrue(
        html.contains("<option value=\"" + account + "\">Secret &lt;b&gt;label&lt;/b&gt;"), html);
    assertTrue(
        html.contains(
            "<option>1D</option><option selected>1W</option><option>1M</option><option>3M</option>"
                + "<option>1Y</option><option>ALL</option>"),
        html);
    assertFalse(html.contains("Public fields"), "an equity curve shows a fixed set");
    assertTrue(html.contains("href=\"/dashboard/builder/equity-curve\""), "in the menu");
  }

  @Test
  void theStreamSendsEachNewPointWithThePublicCard() throws Exception {
    String token = saveCurve(Map.of());
    WebSocketTestClient viewer = connect();
    viewer.send("{\"widgets\":[\"" + token + "\"]}");
    JsonNode subscribed = json.readTree(viewer.await(m -> m.contains("subscribed"), WAIT));
    assertEquals(4, subscribed.get("cards").get(token).get("metrics").size());

    long time = System.currentTimeMillis() + 1000;
    publishSnapshot(100_300, 100_456.75, time);
    JsonNode update = json.readTree(viewer.await(m -> m.contains("\"type\":\"account\""), WAIT));
    JsonNode point = update.get("point");
    assertEquals(time / 1000, point.get("time").asLong(), update.toString());
    assertEquals(100_456.75, point.get("equity").asDouble());
    assertEquals(100_300, point.get("balance").asDouble());
    assertEquals(95_250, point.get("floor").asDouble());
    assertFalse(update.toString().contains(account), "the account id stays private");
    assertFalse(update.toString().contains("Secret"), "so does its label");
    assertFalse(update.toString().contains("openPositions"), "and every other field");
  }
}
