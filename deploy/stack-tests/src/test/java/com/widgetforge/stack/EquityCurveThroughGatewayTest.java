package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.LocalStack;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The equity-curve widget as a visitor sees it, in Debian's headless Chromium through the gateway:
 * widget-service reads the account's history from account-service with the {@code accounts:read}
 * service key that auth-service provisions from the stack's configuration (no admin creates one),
 * and the chart then moves with each snapshot of the simulated account.
 */
class EquityCurveThroughGatewayTest {

  private static LocalStack stack;
  private static WebDriver browser;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
    browser = HeadlessChrome.start(800, 500);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  private HttpResponse<String> post(Browser as, String path, Map<String, Object> body)
      throws Exception {
    return Browser.send(
        as.request(stack.gatewayUrl() + path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build());
  }

  private static long attribute(WebElement element, String name) {
    String value = element.getAttribute(name);
    return value == null || value.isEmpty() ? -1 : Long.parseLong(value);
  }

  @Test
  void theEquityCurveWidgetDrawsHistoryThenMovesLive() throws Exception {
    Browser admin =
        Browser.login(stack.gatewayUrl(), StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    HttpResponse<String> created =
        post(
            admin,
            "/api/accounts",
            Map.of(
                "login",
                50099077,
                "server",
                "FivePercentOnline-Demo",
                "provider",
                "simulated",
                "label",
                "Curve test",
                "investorPassword",
                "Inv3stor!curve",
                "initialBalance",
                100000,
                "maxDailyLossPct",
                5,
                "maxTotalLossPct",
                10));
    assertEquals(201, created.statusCode(), created.body());
    String account = json.readTree(created.body()).get("id").asText();
    // The account has a history before its curve is opened: two snapshots at least, so that the
    // curve's first point is older than the latest one the page is rendered with.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> history =
                  Browser.send(
                      admin
                          .request(
                              stack.gatewayUrl()
                                  + "/api/accounts/"
                                  + account
                                  + "/history?step=1&from="
                                  + java.time.Instant.now().minusSeconds(600))
                          .GET()
                          .build());
              return history.statusCode() == 200
                  && json.readTree(history.body()).path("points").size() >= 2;
            });

    drawsHistoryThenMovesLive(admin, account);

    // ...with the key auth-service provisioned for widget-service, listed as such on /admin.
    HttpResponse<String> keys =
        Browser.send(admin.request(stack.gatewayUrl() + "/auth/api-keys").GET().build());
    assertEquals(200, keys.statusCode(), keys.body());
    JsonNode provisioned = null;
    for (JsonNode key : json.readTree(keys.body())) {
      if (key.get("name").asText().equals("widget-service (provisioned)")
          && key.get("revokedAt").isNull()) {
        provisioned = key;
      }
    }
    assertTrue(provisioned != null, keys.body());
    assertTrue(provisioned.get("provisioned").asBoolean(), provisioned.toString());
    assertEquals("accounts:read", provisioned.get("scope").asText());
    assertFalse(provisioned.get("lastUsedAt").isNull(), "widget-service used it");
  }

  private void drawsHistoryThenMovesLive(Browser admin, String account) throws Exception {
    Map<String, Object> widget =
        Map.of(
            "kind",
            "equity-curve",
            "name",
            "My curve",
            "options",
            Map.of("accountId", account, "range", "1D"),
            "allowedSites",
            List.of("*"));
    // Once widget-service has read the account's snapshots, it may be shown.
    String[] token = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> saved = post(admin, "/api/widgets", widget);
              if (saved.statusCode() == 201) {
                token[0] = json.readTree(saved.body()).get("id").asText();
              }
              return token[0] != null;
            });

    browser.get(stack.gatewayUrl() + "/widgets/account/" + token[0]);
    WebElement plot = browser.findElement(By.cssSelector(".curve .plot"));
    long rendered = attribute(plot, "data-time");
    assertTrue(rendered > 0, "the page carries the latest point");
    // The history's first point is the account's first snapshot, older than the rendered one.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                attribute(plot, "data-points") >= 2
                    && attribute(plot, "data-first-time") > 0
                    && attribute(plot, "data-first-time") < rendered);
    assertFalse(
        browser.findElements(By.cssSelector(".curve .plot canvas")).isEmpty(), "uPlot drew");
    assertEquals("", browser.findElement(By.cssSelector(".curve .status")).getText());
    assertTrue(
        Double.parseDouble(plot.getAttribute("data-floor")) > 90_000,
        "today's daily-loss limit line: " + plot.getAttribute("data-floor"));
    assertFalse(browser.getPageSource().contains(account), "the account id stays private");

    long drawn = attribute(plot, "data-points");
    long last = attribute(plot, "data-last-time");
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                attribute(plot, "data-points") > drawn && attribute(plot, "data-last-time") > last);

    List<LogEntry> problems =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
            .filter(entry -> !entry.getMessage().contains("/favicon.ico"))
            .toList();
    assertTrue(problems.isEmpty(), "no console errors (e.g. policy violations): " + problems);
  }
}
