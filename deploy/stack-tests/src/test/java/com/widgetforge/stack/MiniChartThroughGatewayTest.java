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

  private double apiChangePct(String symbol) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/prices/" + symbol))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var changePct = json.readTree(response.body()).get("changePct");
    return changePct == null || changePct.isNull() ? Double.NaN : changePct.asDouble();
  }

  private static String text(WebElement element, String selector) {
    return element.findElement(By.cssSelector(selector)).getAttribute("textContent");
  }

  @Test
  void aLiveTickerShowsTheDaysChangeAsPriceServiceComputesItAndTheSpread() throws Exception {
    // price-service knows the day's open once the D1 bar is stored; widget-service learns it from
    // price.latest within price.day-open-refresh.
    await().atMost(Duration.ofSeconds(60)).until(() -> !Double.isNaN(apiChangePct("EURUSD")));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              browser.get(stack.gatewayUrl() + "/widgets/ticker?symbols=EURUSD,XAUUSD&spread=1");
              return !browser
                  .findElement(By.cssSelector(".quote[data-symbol=EURUSD]"))
                  .getAttribute("data-day-open")
                  .isEmpty();
            });
    WebElement quote = browser.findElement(By.cssSelector(".quote[data-symbol=EURUSD]"));
    WebElement change = quote.findElement(By.cssSelector(".day-change"));
    String direction = change.getAttribute("class").replace("day-change", "").trim();
    assertTrue(List.of("up", "down", "flat").contains(direction), change.getAttribute("class"));
    String pct = text(quote, ".day-change .pct");
    assertTrue(pct.matches("[+-]?[0-9]+\\.[0-9]{2}%"), pct);
    assertEquals(
        direction.equals("up") ? "▲" : direction.equals("down") ? "▼" : "",
        text(quote, ".day-change .arrow"),
        "an arrow besides the colour");
    // A percentage that shows as 0.00 % carries no sign, even when the points moved.
    boolean shownZero = Double.parseDouble(pct.replace("%", "")) == 0;
    assertEquals(
        direction.equals("up") && !shownZero
            ? '+'
            : direction.equals("down") && !shownZero ? '-' : pct.charAt(0),
        pct.charAt(0),
        "the sign matches the direction: " + pct);
    assertEquals(
        apiChangePct("EURUSD"),
        Double.parseDouble(pct.replace("%", "")),
        0.1,
        "the widget's change is /api/prices/latest's changePct");
    int spread = Integer.parseInt(text(quote, ".spread .points"));
    assertTrue(spread >= 8 && spread <= 16, "EURUSD spread " + spread + " points");

    // Live: each tick recomputes the change from the day's open in the browser.
    List<?> before = readChange();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !before.equals(readChange()));
    List<?> now = readChange(); // bid, day open and change, read in one go
    double bid = Double.parseDouble((String) now.get(0));
    long points = Math.round((bid - Double.parseDouble((String) now.get(1))) * 1e5);
    assertEquals(
        (points > 0 ? "+" : points < 0 ? "-" : "")
            + String.format(java.util.Locale.ROOT, "%.5f", Math.abs(points) / 1e5),
        now.get(2),
        "the change since the day's open: " + now);
  }

  private List<?> readChange() {
    return (List<?>)
        ((org.openqa.selenium.JavascriptExecutor) browser)
            .executeScript(
                "var q = document.querySelector('.quote[data-symbol=EURUSD]');"
                    + "return [q.getAttribute('data-bid'), q.getAttribute('data-day-open'),"
                    + " q.querySelector('.day-change .abs').textContent];");
  }

  @Test
  void aRotatingAssetRotatesMiniChartsOfItsSymbols() {
    browser.get(
        stack.gatewayUrl()
            + "/widgets/rotating-asset?symbols=EURUSD,XAUUSD&view=chart&range=1D&interval=2");
    WebElement eurusd = browser.findElement(By.cssSelector(".mini[data-symbol=EURUSD] .plot"));
    WebElement xauusd = browser.findElement(By.cssSelector(".mini[data-symbol=XAUUSD] .plot"));
    await().atMost(Duration.ofSeconds(15)).until(() -> points(eurusd) > 0);
    // The second chart loads its history when it is first shown, and is drawn at full size.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                points(xauusd) > 0
                    && browser
                        .findElement(By.cssSelector(".mini[data-symbol=XAUUSD]"))
                        .getAttribute("class")
                        .contains("active"));
    assertTrue(
        Integer.parseInt(xauusd.findElement(By.tagName("canvas")).getAttribute("width")) > 400,
        "drawn at the card's width, not at the size of a hidden card");
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
