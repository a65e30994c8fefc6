package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.infra.InfrastructureProcess;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Real MT5 terminals, end to end: a price-service instance on a terminal host (here another process
 * that reaches the suite only through Kafka's SASL_SSL listener and PostgreSQL over TLS) with three
 * {@code jna} terminals on the production bridge (mt5bridge.c, a worker process per terminal,
 * mt5worker.py) and the documented MetaTrader5 package's double. Through the gateway: live prices
 * in a browser, backfilled bars at the right UTC times, a hung or crashed terminal that recovers
 * while another keeps its pace and takes over its symbol, a refused password that is not retried in
 * a storm, and a host with a wrong broker credential that is refused.
 */
class Mt5HostThroughGatewayTest {

  private static final Path DOUBLE = Path.of("target", "mt5-double").toAbsolutePath();
  private static final ZoneId EET = ZoneId.of("EET");
  private static final String HOST_USER = "mt5-host-1";
  private static final String HOST_SECRET = "Kafka host pass " + java.util.UUID.randomUUID();
  private static final String DB_ROLE = "price_mt5_host_1";
  private static final String DB_SECRET = "Db host pass " + java.util.UUID.randomUUID();
  private static final String INVESTOR = "Investor pass 1";

  private static LocalStack stack;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One of the double's terminals: its config key, control file and login journal. */
  private record Terminal(String id, String path, long login, Path control, Path journal) {
    void control(String json) throws Exception {
      Path temporary = Files.createTempFile(DOUBLE, "control", ".tmp");
      Files.writeString(temporary, json);
      Files.move(
          temporary, control, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    List<Long> logins() throws Exception {
      List<Long> times = new ArrayList<>();
      if (Files.exists(journal)) {
        for (String line : Files.readAllLines(journal)) {
          times.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
        }
      }
      return times;
    }
  }

  private static Terminal terminal(String id, int account, long login) {
    return new Terminal(
        id,
        "C:/MT5Terminals/Account" + account + "/terminal64.exe",
        login,
        DOUBLE.resolve(id + "-control.json"),
        DOUBLE.resolve(id + "-journal.txt"));
  }

  /** Primary for SOLUSD (broker name SOLUSD.raw, hidden from Market Watch); alone on ADAUSD. */
  private static final Terminal A = terminal("mt5a", 2, 50012345);

  /** Second for SOLUSD; alone on DOGEUSD; its server clock is detected, not configured. */
  private static final Terminal B = terminal("mt5b", 3, 50023456);

  /** Configured with a password the trade server refuses. */
  private static final Terminal C = terminal("mt5c", 4, 50034567);

  private static Map<String, Object> doubleTerminal(Terminal t, List<Map<String, Object>> symbols) {
    Map<String, Object> config = new HashMap<>();
    config.put("login", t.login());
    config.put("password", INVESTOR);
    config.put("server", "FivePercentOnline-Real");
    config.put("company", "Five Percent Online Ltd.");
    config.put("zone", "EET");
    config.put("control", t.control().toString());
    config.put("journal", t.journal().toString());
    config.put("symbols", symbols);
    return config;
  }

  private static Map<String, Object> crypto(String name, String base, boolean visible) {
    return Map.of("name", name, "base", base, "path", "Crypto\\" + name, "visible", visible);
  }

  private static Map<String, String> terminalEnv(
      Terminal t, String password, int priority, boolean configuredZone) {
    // Ids set only in the environment are letters and digits: PRICE_TERMINALS_MT5A_ADAPTER.
    String prefix = "PRICE_TERMINALS_" + t.id().toUpperCase() + "_";
    Map<String, String> env = new HashMap<>();
    env.put(prefix + "ADAPTER", "jna");
    env.put(
        prefix + "LIBRARY",
        StackFixture.ROOT
            .resolve("price-service/target/native/linux-x86_64/libmt5bridge.so")
            .toString());
    env.put(prefix + "PATH", t.path());
    env.put(prefix + "LOGIN", String.valueOf(t.login()));
    env.put(prefix + "PASSWORD", password);
    env.put(prefix + "SERVER", "FivePercentOnline-Real");
    env.put(prefix + "PRIORITY", String.valueOf(priority));
    env.put(prefix + "CALL_DEADLINE", "2s");
    if (configuredZone) {
      env.put(prefix + "SERVER_ZONE", "EET");
    }
    return env;
  }

  /** A terminal host's price-service: it knows the suite only by its external listeners. */
  private static Map<String, String> hostEnvironment(String kafkaSecret) {
    InfrastructureProcess infra = stack.infrastructure();
    String ca = infra.trustedCertificate().toString();
    Map<String, String> env = new HashMap<>(StackFixture.marketHours("always"));
    // The host's Kafka settings as a container gets them: kafka.sasl.mechanism is
    // KAFKA_SASL_MECHANISM.
    infra
        .externalKafkaClient(HOST_USER, kafkaSecret)
        .forEach(
            (key, value) ->
                env.put(
                    "KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
    String postgres = "127.0.0.1:" + infra.postgresPort() + "/price";
    env.put(
        "QUARKUS_DATASOURCE_JDBC_URL",
        "jdbc:postgresql://" + postgres + "?sslmode=verify-full&sslrootcert=" + ca);
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + postgres);
    env.put("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE", "verify-full");
    env.put("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM", "true");
    env.put("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS", ca);
    env.put("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM", "HTTPS");
    env.put("QUARKUS_DATASOURCE_USERNAME", DB_ROLE);
    env.put("QUARKUS_DATASOURCE_PASSWORD", DB_SECRET);
    // Tokens are checked against auth-service's keys, fetched through the public gateway.
    env.put("WIDGETFORGE_AUTH_URL", stack.gatewayUrl());
    env.put("PRICE_TERMINALS_SIM_1_ADAPTER", "off");
    env.put("PRICE_MAX_BACKOFF", "5s");
    env.put("PRICE_HISTORY_BACKFILL_BARS", "300");
    env.put("PYTHONPATH", StackFixture.ROOT.resolve("price-service/src/test/python").toString());
    env.put("MT5_DOUBLE_CONFIG", DOUBLE.resolve("config.json").toString());
    env.putAll(terminalEnv(A, INVESTOR, 10, true));
    // mt5a quotes what the old poller's symbols.txt lists, SOLUSD hidden from Market Watch.
    env.put("PRICE_TERMINALS_MT5A_SYMBOLS_FILE", DOUBLE.resolve("symbols.txt").toString());
    env.putAll(terminalEnv(B, INVESTOR, 20, false));
    env.putAll(terminalEnv(C, "not the investor password", 30, true));
    return env;
  }

  @BeforeAll
  static void startTheTerminalHost() throws Exception {
    stack = StackFixture.shared();
    Files.createDirectories(DOUBLE);
    for (Terminal t : List.of(A, B, C)) {
      t.control("{}");
      Files.deleteIfExists(t.journal());
    }
    Map<String, Object> terminals = new HashMap<>();
    terminals.put(
        A.path(),
        doubleTerminal(
            A,
            List.of(crypto("SOLUSD.raw", "ETHUSD", false), crypto("ADAUSD.raw", "BTCUSD", true))));
    terminals.put(
        B.path(),
        doubleTerminal(
            B, List.of(crypto("SOLUSD", "ETHUSD", true), crypto("DOGEUSD", "BTCUSD", true))));
    terminals.put(C.path(), doubleTerminal(C, List.of(crypto("XRPUSD", "ETHUSD", true))));
    Files.writeString(
        DOUBLE.resolve("config.json"), JSON.writeValueAsString(Map.of("terminals", terminals)));
    Files.writeString(
        DOUBLE.resolve("symbols.txt"),
        "# Symbols polled by the market poller, one per line.\n# Crypto\nSOLUSD\nADAUSD.raw\n");

    stack.infrastructure().kafkaUser(HOST_USER, HOST_SECRET);
    stack.infrastructure().remoteRole(DB_ROLE, "price", DB_SECRET);
    stack.startElsewhere("mt5-host", "price-service", hostEnvironment(HOST_SECRET), true);
  }

  @AfterAll
  static void stopTheTerminalHost() throws Exception {
    for (Terminal t : List.of(A, B, C)) {
      t.control("{}");
    }
    if (stack != null && stack.isRunning("mt5-host")) {
      stack.stopService("mt5-host");
    }
  }

  private static JsonNode latest(String symbols) throws Exception {
    HttpResponse<String> response =
        Browser.send(
            HttpRequest.newBuilder(
                    URI.create(stack.gatewayUrl() + "/api/prices/latest?symbols=" + symbols))
                .build());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("prices");
  }

  private static String quotedBy(String symbol) throws Exception {
    JsonNode prices = latest(symbol);
    return prices.isEmpty() ? "" : prices.get(0).get("terminalId").asText();
  }

  private static JsonNode terminal(String id) throws Exception {
    Browser admin =
        Browser.login(stack.gatewayUrl(), StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    HttpResponse<String> response =
        Browser.send(admin.request(stack.gatewayUrl() + "/api/prices/terminals").GET().build());
    assertEquals(200, response.statusCode(), response.body());
    for (JsonNode terminal : JSON.readTree(response.body())) {
      if (terminal.get("terminalId").asText().equals(id)) {
        return terminal;
      }
    }
    return JSON.createObjectNode();
  }

  @Test
  void aBrowserShowsTheTerminalsLivePricesUnderCanonicalNames() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertEquals(
                  "mt5a",
                  quotedBy("SOLUSD"),
                  "SOLUSD: "
                      + latest("SOLUSD")
                      + ", terminals "
                      + terminal("mt5a")
                      + terminal("mt5b"));
              assertEquals("mt5b", quotedBy("DOGEUSD"), "DOGEUSD: " + latest("DOGEUSD"));
            });
    assertTrue(terminal("mt5a").path("serverClock").asText().endsWith("(EET)"));
    assertTrue(terminal("mt5b").path("serverClock").asText().endsWith(", detected"));

    WebDriver browser = HeadlessChrome.start(900, 300);
    try {
      browser.get(stack.gatewayUrl() + "/widgets/ticker?symbols=SOLUSD,ADAUSD,DOGEUSD");
      List<WebElement> quotes = browser.findElements(By.cssSelector(".quote"));
      // The tape repeats its items to loop without a gap.
      assertEquals(
          java.util.Set.of("SOLUSD", "ADAUSD", "DOGEUSD"),
          quotes.stream()
              .map(quote -> quote.getAttribute("data-symbol"))
              .collect(java.util.stream.Collectors.toSet()));
      String first = quotes.get(0).getAttribute("data-time");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  !first.equals(
                      browser
                          .findElements(By.cssSelector(".quote"))
                          .get(0)
                          .getAttribute("data-time")));
      for (WebElement bid : browser.findElements(By.cssSelector(".quote .bid"))) {
        // textContent: the tape's repeated items scroll out of view, where getText() is empty.
        String text = bid.getAttribute("textContent");
        assertTrue(text.matches(".*\\d.*"), text);
      }
    } finally {
      browser.quit();
    }
  }

  @Test
  void backfilledBarsOpenAtTheTradeServersMidnightInUtc() throws Exception {
    HttpRequest daily =
        HttpRequest.newBuilder(
                URI.create(
                    stack.gatewayUrl()
                        + "/api/prices/ADAUSD/history?timeframe=D1&limit=10&from="
                        + Instant.now().minus(Duration.ofDays(10)).getEpochSecond()))
            .build();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              HttpResponse<String> response = Browser.send(daily);
              assertTrue(
                  JSON.readTree(response.body()).path("bars").size() >= 5,
                  response.statusCode() + " " + response.body() + ", mt5a " + terminal("mt5a"));
            });
    for (JsonNode bar : JSON.readTree(Browser.send(daily).body()).get("bars")) {
      Instant open = Instant.ofEpochSecond(bar.get("time").asLong());
      // 00:00 on the server's clock: 22:00 UTC in winter, 21:00 in summer.
      assertEquals(
          0, open.atZone(EET).toLocalTime().toSecondOfDay(), "D1 bar at " + open + " (UTC)");
    }
    WebDriver browser = HeadlessChrome.start(800, 400);
    try {
      browser.get(stack.gatewayUrl() + "/widgets/mini-chart?symbol=ADAUSD&range=5D");
      WebElement plot = browser.findElement(By.cssSelector(".mini .plot"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Integer.parseInt(plot.getAttribute("data-points")) >= 50);
    } finally {
      browser.quit();
    }
  }

  /**
   * DOGEUSD ticks (mt5-b's alone) a subscriber gets while {@code during} runs; {@code during} sees
   * the count so far.
   */
  private static int ticksOfBWhile(
      java.util.function.Consumer<java.util.function.IntSupplier> during) throws Exception {
    try (WebSocketTestClient client =
        WebSocketTestClient.connect(
            URI.create(stack.gatewayUrl().replace("http", "ws") + "/ws/price-stream"))) {
      client.send("{\"subscribe\":[\"DOGEUSD\"]}");
      client.await(m -> m.contains("\"type\":\"subscribed\""), Duration.ofSeconds(10));
      java.util.concurrent.atomic.AtomicInteger ticks =
          new java.util.concurrent.atomic.AtomicInteger();
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    String message = client.next(Duration.ofMillis(200));
                    if (message != null && message.contains("\"type\":\"tick\"")) {
                      ticks.incrementAndGet();
                    }
                  }
                } catch (InterruptedException stopped) {
                  // The fault has been observed: stop counting.
                }
              });
      reader.start();
      try {
        during.accept(ticks::get);
      } finally {
        reader.interrupt();
        reader.join();
      }
      return ticks.get();
    }
  }

  private void recoversFrom(String fault) throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                quotedBy("SOLUSD").equals("mt5a")
                    && terminal("mt5b").path("state").asText().equals("connected"));
    long started = System.nanoTime();
    try {
      int ticks =
          ticksOfBWhile(
              counted -> {
                try {
                  A.control(fault);
                  // A stops answering: mt5-b, next in line, takes SOLUSD over.
                  await()
                      .atMost(Duration.ofSeconds(30))
                      .until(
                          () ->
                              !terminal("mt5a").path("state").asText().equals("connected")
                                  && quotedBy("SOLUSD").equals("mt5b"));
                  // B's pace under the fault: its symbol moves about once a second.
                  await().atMost(Duration.ofSeconds(10)).until(() -> counted.getAsInt() >= 1);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      double seconds = (System.nanoTime() - started) / 1e9;
      // mt5-b kept its pace meanwhile: its symbol moves about once a second.
      assertTrue(ticks >= Math.floor(seconds / 3), ticks + " DOGEUSD ticks in " + seconds + " s");
    } finally {
      // The fault ends whatever was seen, so that the next test finds A healthy.
      A.control("{}");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                terminal("mt5a").path("state").asText().equals("connected")
                    && quotedBy("SOLUSD").equals("mt5a"));
  }

  @Test
  void aHungTerminalIsCutOffAndRecoversWhileTheOtherKeepsItsPaceAndTakesOver() throws Exception {
    recoversFrom("{\"hang\": true}");
    assertTrue(
        terminal("mt5a").path("lastError").asText().contains("no answer"),
        terminal("mt5a").toString());
  }

  @Test
  void aCrashedTerminalRecovers() throws Exception {
    recoversFrom("{\"crash\": true}");
  }

  @Test
  void aRefusedPasswordIsReportedAndNotRetriedInAStorm() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> C.logins().size() >= 2);
    JsonNode c = terminal("mt5c");
    assertEquals("disconnected", c.get("state").asText(), c.toString());
    assertTrue(
        c.get("message").asText().contains("login refused: Terminal: Authorization failed"),
        c.toString());
    List<Long> logins = C.logins();
    for (int i = 1; i < logins.size(); i++) {
      // Polled every 250 ms, but a refused login waits the longest backoff (5 s here).
      assertTrue(logins.get(i) - logins.get(i - 1) >= 4_000, "logins at " + logins);
    }

    // The admin page says so too, with each terminal's server clock.
    WebDriver browser = HeadlessChrome.start(1280, 900);
    try {
      browser.get(stack.gatewayUrl() + "/login?next=/admin");
      browser.findElement(By.id("email")).sendKeys(StackFixture.ADMIN_EMAIL);
      browser.findElement(By.id("password")).sendKeys(StackFixture.ADMIN_PASSWORD);
      browser.findElement(By.id("sign-in")).click();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> browser.findElement(By.id("terminals")).getText().contains("mt5c"));
      String table = browser.findElement(By.id("terminals")).getText();
      assertTrue(table.contains("Authorization failed"), table);
      assertTrue(table.matches("(?s).*mt5a.*UTC\\+0[23]:00 \\(EET\\).*"), table);
    } finally {
      browser.quit();
    }
  }

  @Test
  void aHostWithAWrongBrokerCredentialIsRefusedAndTheRefusalLogged() throws Exception {
    Path brokerLog = stack.logDir().resolve("infrastructure.log");
    long refusalsBefore = refusals(brokerLog);
    Map<String, String> env = hostEnvironment("not the host's secret");
    // Its own terminal, so that any price it got through would show.
    env.keySet().removeIf(key -> key.startsWith("PRICE_TERMINALS_MT5"));
    env.put("PRICE_TERMINALS_INTRUDER_ADAPTER", "simulated");
    env.put("PRICE_TERMINALS_INTRUDER_SYMBOLS", "EURUSD");
    stack.startElsewhere("intruder-host", "price-service", env, false);
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> refusals(brokerLog) > refusalsBefore);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> !stack.logLinesSinceStart("intruder-host", "Authentication failed").isEmpty());
      assertFalse(terminal("intruder").has("state"), "nothing of the intruder got through");
    } finally {
      stack.stopService("intruder-host");
    }
  }

  private static long refusals(Path log) throws Exception {
    return Files.readAllLines(log).stream()
        .filter(l -> l.contains("Failed authentication"))
        .count();
  }
}
