package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * The mini chart as a visitor sees it, in Debian's headless Chromium: history from price-service
 * and live ticks from widget-service, both through the gateway, under the page's strict policy.
 */
class MiniChartThroughGatewayTest {

  /**
   * A day of M5 bars is 288; price-service backfills 1500 bars per timeframe at its first start, so
   * a day's chart has well over this many points once the backfill has reached EURUSD.
   */
  static final int MIN_POINTS = 200;

  private static LocalStack stack;
  private static WebDriver browser;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
    browser = HeadlessChrome.start(800, 400);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  private int backfilledBars() throws Exception {
    String from = Instant.now().minus(Duration.ofDays(1)).toString();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.gatewayUrl()
                            + "/api/prices/EURUSD/history?timeframe=M5&limit=300&from="
                            + from))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? json.readTree(response.body()).get("bars").size() : -1;
  }

  private static int points(WebElement plot) {
    return Integer.parseInt(plot.getAttribute("data-points"));
  }

  @Test
  void aDaysMiniChartDrawsHistoryAndThenMovesWithTheLivePrice() throws Exception {
    // The backfill runs after the terminal connects, in the background of a started stack.
    await().atMost(Duration.ofSeconds(60)).until(() -> backfilledBars() >= MIN_POINTS);

    browser.get(stack.gatewayUrl() + "/widgets/mini-chart?symbol=EURUSD&range=1D");
    WebElement plot = browser.findElement(By.cssSelector(".mini .plot"));
    await().atMost(Duration.ofSeconds(15)).until(() -> points(plot) >= MIN_POINTS);
    assertFalse(browser.findElements(By.cssSelector(".mini .plot canvas")).isEmpty(), "uPlot drew");
    assertEquals("", browser.findElement(By.cssSelector(".mini .status")).getText());
    assertTrue(
        browser.findElement(By.cssSelector(".mini .change")).getText().endsWith("%"),
        "the change over the day is shown");

    int drawn = points(plot);
    String last = plot.getAttribute("data-last");
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> points(plot) > drawn || !last.equals(plot.getAttribute("data-last")));

    List<LogEntry> problems =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
            // A top-level page asks for one; the widget's frame on a real site does not.
            .filter(entry -> !entry.getMessage().contains("/favicon.ico"))
            .toList();
    assertTrue(problems.isEmpty(), "no console errors (e.g. policy violations): " + problems);
  }

  @Test
  void aWidgetWithLocaleDeShowsGermanLabelsAndNumbers() {
    browser.get(stack.gatewayUrl() + "/widgets/quote?symbol=EURUSD&locale=de");
    WebElement bid = browser.findElement(By.cssSelector(".quote .bid"));
    await().atMost(Duration.ofSeconds(15)).until(() -> bid.getText().matches("[0-9.]+,[0-9]+"));
    assertEquals(
        "verzögert",
        browser.findElement(By.cssSelector(".quote .delayed")).getAttribute("textContent"));
    assertEquals(
        "Markt geschlossen",
        browser.findElement(By.cssSelector(".quote .market-closed")).getAttribute("textContent"));
    assertEquals("de", browser.findElement(By.tagName("html")).getAttribute("lang"));

    browser.get(stack.gatewayUrl() + "/widgets/mini-chart?symbol=EURUSD&range=1D&locale=de");
    WebElement status = browser.findElement(By.cssSelector(".mini .status"));
    assertEquals("Verlauf nicht verfügbar", status.getAttribute("data-history-unavailable"));
  }
}
