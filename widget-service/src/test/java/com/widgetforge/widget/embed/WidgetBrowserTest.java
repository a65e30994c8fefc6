package com.widgetforge.widget.embed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TopicWriter;
import com.widgetforge.widget.stream.LatestPriceTopic;
import com.widgetforge.widget.stream.LatestTicks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Public widgets in a real browser (Debian's headless Chromium), with ticks flowing through a real
 * Kafka broker to the page's WebSocket.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
class WidgetBrowserTest {

  @TestHTTPResource("/")
  URL root;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject LatestTicks latest;

  private WebDriver browser;
  private KafkaProducer<String, String> producer;
  private ScheduledExecutorService ticking;

  @BeforeEach
  void start() {
    producer = TopicWriter.open(bootstrapServers);
    AtomicLong step = new AtomicLong();
    ticking = Executors.newSingleThreadScheduledExecutor();
    ticking.scheduleAtFixedRate(
        () -> {
          long n = step.incrementAndGet();
          String tick =
              "{\"v\":1,\"symbol\":\"GBPJPY\",\"terminalId\":\"sim-1\",\"bid\":%s,\"ask\":%s,\"last\":0,\"volume\":0,\"timeMsc\":%d,\"digits\":3}"
                  .formatted(190 + n * 0.011, 190.02 + n * 0.011, System.currentTimeMillis());
          producer.send(new ProducerRecord<>("price.ticks", "GBPJPY", tick));
        },
        0,
        300,
        TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() -> latest.get("GBPJPY") != null);

    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .build(),
            options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    ticking.shutdownNow();
    producer.close();
  }

  private String bidText() {
    return browser.findElement(By.cssSelector("[data-symbol='GBPJPY'] .bid")).getText();
  }

  @Test
  void aTickerWidgetsPriceChangesWithinFiveSeconds() {
    browser.get(root + "widgets/ticker?symbols=GBPJPY&theme=light");
    String first = bidText();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !bidText().equals(first));
    assertNotEquals(first, bidText());
  }

  @Test
  void theDaysChangeFollowsANewDayOpenWithoutANewPrice() throws Exception {
    long now = System.currentTimeMillis();
    LatestPriceTopic.send(
        producer, "DAYBRW", LatestPriceTopic.record("DAYBRW", 1.2, now, "open", 1.1));
    await().atMost(Duration.ofSeconds(15)).until(() -> latest.dayOpen("DAYBRW") != null);
    browser.get(root + "widgets/quote?symbol=DAYBRW");
    var change = browser.findElement(By.cssSelector(".day-change"));
    assertEquals("day-change up", change.getAttribute("class"));
    assertEquals("+9.09%", change.findElement(By.cssSelector(".pct")).getText());
    assertEquals("▲", change.findElement(By.cssSelector(".arrow")).getText());
    // The page follows the stream before the day rolls over.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                browser
                        .findElement(By.cssSelector("[data-symbol='DAYBRW']"))
                        .getAttribute("data-bid")
                    != null);

    // The D1 bar rolls over; the price stands still.
    LatestPriceTopic.send(
        producer, "DAYBRW", LatestPriceTopic.record("DAYBRW", 1.2, now, "open", 1.3));
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> change.getAttribute("class").equals("day-change down"));
    assertEquals("-7.69%", change.findElement(By.cssSelector(".pct")).getText());
    assertEquals("-0.10000", change.findElement(By.cssSelector(".abs")).getText());
    assertEquals("▼", change.findElement(By.cssSelector(".arrow")).getText());
  }

  @Test
  void aMiniChartWithoutHistorySaysSoAndStillFollowsTheLivePrice() {
    // widget-service alone: /api/prices is price-service's, behind the gateway, so not here.
    browser.get(root + "widgets/mini-chart?symbol=GBPJPY&range=1D");
    var status = browser.findElement(By.cssSelector(".mini .status"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status.getText().equals("history unavailable"));
    var plot = browser.findElement(By.cssSelector(".mini .plot"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Integer.parseInt(plot.getAttribute("data-points")) >= 1);
    String first = plot.getAttribute("data-last");
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !first.equals(plot.getAttribute("data-last")));
    assertTrue(!browser.findElements(By.cssSelector(".mini .plot canvas")).isEmpty(), "uPlot drew");
  }

  @Test
  void theEmbedCodeRendersALiveWidgetOnAPageOfAnotherOrigin() throws Exception {
    // localhost (the widget) and 127.0.0.1 (the embedding site) are different origins.
    String widgetOrigin = root.toString().replaceAll("/$", "");
    byte[] page =
        ("<!DOCTYPE html><html><body><h1>Someone's blog</h1>"
                + "<div data-widgetforge=\"quote\" data-symbol=\"GBPJPY\" data-theme=\"dark\"></div>"
                + "<script async src=\""
                + widgetOrigin
                + "/embed.js\"></script></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
          }
        });
    site.start();
    try {
      browser.get("http://127.0.0.1:" + site.getAddress().getPort() + "/");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  !browser
                      .findElements(By.cssSelector("iframe[title='WidgetForge quote']"))
                      .isEmpty());
      var frame = browser.findElement(By.cssSelector("iframe[title='WidgetForge quote']"));
      assertTrue(
          frame.getAttribute("src").startsWith(widgetOrigin + "/widgets/quote?"),
          frame.getAttribute("src"));
      browser.switchTo().frame(frame);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !browser.findElements(By.cssSelector(".bid")).isEmpty());
      String first = bidText();
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !bidText().equals(first));
      browser.switchTo().defaultContent();
      int height = Integer.parseInt(frame.getCssValue("height").replace("px", "").split("\\.")[0]);
      assertTrue(height > 40, "the frame took its content's height: " + height);
    } finally {
      site.stop(0);
    }
  }

  @Test
  void aClosedMarketIsLabelledClosedNeverDelayedAndFollowsItsMarketLive() throws Exception {
    long friday = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
    LatestPriceTopic.send(
        producer, "SHUTJPY", LatestPriceTopic.record("SHUTJPY", 1.5, friday, "closed"));
    await().atMost(Duration.ofSeconds(20)).until(() -> latest.get("SHUTJPY") != null);

    browser.get(root + "widgets/mini-chart?symbol=SHUTJPY");
    var card = browser.findElement(By.cssSelector(".mini[data-symbol='SHUTJPY']"));
    var plot = browser.findElement(By.cssSelector(".mini .plot"));
    var closedLabel = card.findElement(By.cssSelector(".market-closed"));
    var delayedLabel = card.findElement(By.cssSelector(".delayed"));
    assertTrue(closedLabel.isDisplayed(), "market closed is shown");
    assertEquals("closed", plot.getAttribute("data-market"));
    // The script re-marks old prices every 5 s: a closed market's price stays undelayed.
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(8))
        .until(() -> classes(card).contains("closed") && !classes(card).contains("stale"));
    assertFalse(delayedLabel.isDisplayed());

    // The market opens, no tick yet: Friday's price is now delayed.
    LatestPriceTopic.send(
        producer, "SHUTJPY", LatestPriceTopic.record("SHUTJPY", 1.5, friday, "open"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> classes(card).contains("stale") && !classes(card).contains("closed"));
    assertTrue(delayedLabel.isDisplayed() && !closedLabel.isDisplayed());
    assertEquals("open", plot.getAttribute("data-market"));

    LatestPriceTopic.send(
        producer, "SHUTJPY", LatestPriceTopic.record("SHUTJPY", 1.5, friday, "closed"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> classes(card).contains("closed") && !classes(card).contains("stale"));
    assertTrue(closedLabel.isDisplayed() && !delayedLabel.isDisplayed());
  }

  private static java.util.List<String> classes(org.openqa.selenium.WebElement element) {
    return java.util.List.of(element.getAttribute("class").split(" "));
  }
}
