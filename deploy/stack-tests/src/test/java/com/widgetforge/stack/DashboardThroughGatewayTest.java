package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.widgetforge.devstack.stack.LocalStack;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A trader in a real browser, through the gateway: signs in, builds a ticker, copies its embed code
 * onto another site, restricts it to that site, adds a simulated prop account and watches its
 * public widget update. Screenshots of the dashboard and a builder land in target/screenshots.
 */
class DashboardThroughGatewayTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TRADER = "jana@stack.test";
  private static final String PASSWORD = "Jana's own passphrase 42";

  private static LocalStack stack;
  private static HttpServer allowedSite;
  private static HttpServer otherSite;
  private static final AtomicReference<String> SITE_PAGE = new AtomicReference<>("");
  private WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
    Browser admin =
        Browser.login(stack.gatewayUrl(), StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    HttpResponse<String> created =
        Browser.send(
            admin
                .request(stack.gatewayUrl() + "/auth/users")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new ObjectMapper()
                            .writeValueAsString(
                                Map.of(
                                    "email",
                                    TRADER,
                                    "displayName",
                                    "Jana Novak",
                                    "role",
                                    "trader",
                                    "password",
                                    "One-time pass phrase for Jana"))))
                .build());
    assertEquals(201, created.statusCode(), created.body());
    Browser.chooseOwnPassword(
        stack.gatewayUrl(), TRADER, "One-time pass phrase for Jana", PASSWORD);
    // Two more origins: 127.0.0.1 on other ports, while the suite is http://localhost:<port>.
    allowedSite = site();
    otherSite = site();
  }

  private static HttpServer site() throws Exception {
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext(
        "/",
        exchange -> {
          byte[] page =
              ("<!DOCTYPE html><html><body><h1>A trader's blog</h1>"
                      + SITE_PAGE.get()
                      + "</body></html>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
          }
        });
    site.start();
    return site;
  }

  private static String origin(HttpServer site) {
    return "http://127.0.0.1:" + site.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    for (HttpServer site : new HttpServer[] {allowedSite, otherSite}) {
      if (site != null) {
        site.stop(0);
      }
    }
  }

  @AfterEach
  void quit() {
    if (browser != null) {
      // The page's own account of what went wrong, for a failing run's report.
      browser
          .manage()
          .logs()
          .get(org.openqa.selenium.logging.LogType.BROWSER)
          .forEach(entry -> System.out.println("browser console: " + entry));
      browser.quit();
    }
  }

  private void signIn() {
    browser = HeadlessChrome.start(1280, 900);
    browser.get(stack.gatewayUrl() + "/dashboard");
    await().atMost(WAIT).until(() -> browser.getCurrentUrl().contains("/login?next=/dashboard"));
    browser.findElement(By.id("email")).sendKeys(TRADER);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    try {
      await().atMost(WAIT).until(() -> browser.getCurrentUrl().endsWith("/dashboard"));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not signed in: at " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
    }
    assertEquals("Your accounts", browser.findElement(By.tagName("h1")).getText());
  }

  private void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(
        dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private List<WebElement> quotesInFrame(String title) {
    browser.switchTo().defaultContent();
    List<WebElement> frames = browser.findElements(By.cssSelector("iframe[title='" + title + "']"));
    if (frames.isEmpty()) {
      return List.of();
    }
    browser.switchTo().frame(frames.get(0));
    return browser.findElements(By.cssSelector(".quote .bid"));
  }

  private static void replace(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  @Test
  void aTraderBuildsATickerEmbedsItElsewhereAndRestrictsItToTheirSite() throws Exception {
    signIn();
    browser.get(stack.gatewayUrl() + "/dashboard/builder/ticker");
    replace(browser.findElement(By.id("symbols")), "EURUSD,XAUUSD");
    replace(browser.findElement(By.id("allowedSites")), origin(allowedSite));
    await()
        .atMost(WAIT)
        .until(
            () ->
                browser
                    .findElement(By.id("preview"))
                    .getAttribute("src")
                    .contains("symbols=EURUSD%2CXAUUSD"));
    browser.findElement(By.id("copy-div")).click();
    await()
        .atMost(WAIT)
        .until(
            () ->
                "true".equals(browser.findElement(By.id("copy-div")).getAttribute("data-copied")));
    String adHoc = browser.findElement(By.id("embed-div")).getAttribute("value");
    assertTrue(adHoc.contains("data-widgetforge=\"ticker\""), adHoc);
    screenshot("builder");

    // The copied code on another origin renders the live widget.
    SITE_PAGE.set(adHoc);
    browser.get(origin(otherSite) + "/");
    await()
        .atMost(WAIT)
        .until(
            () ->
                quotesInFrame("WidgetForge ticker").stream()
                    .anyMatch(bid -> bid.getText().matches(".*\\d.*")));
    browser.switchTo().defaultContent();

    // Saved, the widget is restricted to the trader's site.
    browser.get(stack.gatewayUrl() + "/dashboard/builder/ticker");
    replace(browser.findElement(By.id("symbols")), "EURUSD,XAUUSD");
    replace(browser.findElement(By.id("name")), "Majors on my blog");
    replace(browser.findElement(By.id("allowedSites")), origin(allowedSite));
    browser.findElement(By.id("save")).click();
    await()
        .atMost(WAIT)
        .until(() -> browser.findElement(By.id("save-status")).getText(), equalTo("Saved."));
    String saved = browser.findElement(By.id("embed-div")).getAttribute("value");
    assertTrue(saved.contains("data-widgetforge=\"saved\""), saved);

    SITE_PAGE.set(saved);
    browser.get(origin(allowedSite) + "/");
    await().atMost(WAIT).until(() -> !quotesInFrame("WidgetForge saved").isEmpty());
    browser.switchTo().defaultContent();

    browser.get(origin(otherSite) + "/");
    await()
        .atMost(WAIT)
        .until(
            () ->
                !browser
                    .findElements(By.cssSelector("iframe[title='WidgetForge saved']"))
                    .isEmpty());
    // Wait for the browser's own word: its console reports the refused framing.
    List<org.openqa.selenium.logging.LogEntry> console = new java.util.ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              console.addAll(
                  browser
                      .manage()
                      .logs()
                      .get(org.openqa.selenium.logging.LogType.BROWSER)
                      .getAll());
              return console.stream()
                  .anyMatch(
                      entry ->
                          entry
                                  .getMessage()
                                  .contains("violates the following Content Security Policy")
                              && entry
                                  .getMessage()
                                  .contains("frame-ancestors 'self' " + origin(allowedSite)));
            });
    assertTrue(
        quotesInFrame("WidgetForge saved").isEmpty(),
        "a site not on the allow-list must not be able to frame the widget");
    browser.switchTo().defaultContent();
  }

  @Test
  void aTradersAccountWidgetUpdatesLive() throws Exception {
    signIn();
    browser.findElement(By.cssSelector(".add-account summary")).click();
    WebElement form = browser.findElement(By.id("account-form"));
    replace(form.findElement(By.name("login")), "50012345");
    replace(form.findElement(By.name("server")), "FivePercentOnline-Demo");
    replace(form.findElement(By.name("label")), "Funded 100k");
    replace(form.findElement(By.name("initialBalance")), "100000");
    replace(form.findElement(By.name("investorPassword")), "Inv3stor!dash");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    await()
        .atMost(WAIT)
        .until(() -> form.findElement(By.className("status")).getText(), startsWith("Added"));
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              browser.get(stack.gatewayUrl() + "/dashboard");
              return !browser.findElements(By.cssSelector("[data-account]")).isEmpty();
            });
    screenshot("dashboard");

    browser.findElement(By.cssSelector("[data-account] a.button")).click();
    await()
        .atMost(WAIT)
        .until(() -> browser.getCurrentUrl().contains("/dashboard/builder/account"));
    replace(browser.findElement(By.id("name")), "Funded account on stream");
    browser.findElement(By.cssSelector("input[name=fields][value=tradingDays]")).click();
    browser.findElement(By.id("save")).click();
    await()
        .atMost(WAIT)
        .until(() -> browser.findElement(By.id("save-status")).getText(), equalTo("Saved."));
    String id = browser.getCurrentUrl().replaceAll(".*[?&]id=", "");

    browser.get(stack.gatewayUrl() + "/widgets/account/" + id);
    assertEquals("Jana Novak", browser.findElement(By.className("trader")).getText());
    assertTrue(browser.findElement(By.className("provider")).getText().contains("simulated"));
    String synced = browser.findElement(By.cssSelector("time.synced")).getAttribute("datetime");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                !browser
                    .findElement(By.cssSelector("time.synced"))
                    .getAttribute("datetime")
                    .equals(synced));
    assertTrue(
        browser
            .findElement(By.cssSelector(".metric[data-key='equity'] .value"))
            .getText()
            .contains("$"));

    // The trader changes a program rule on the dashboard and the widget shows it.
    WebElement edit = manage();
    replace(edit.findElement(By.name("minTradingDays")), "12");
    edit.findElement(By.cssSelector("button[type=submit]")).click();
    await()
        .atMost(WAIT)
        .until(() -> edit.findElement(By.className("status")).getText(), startsWith("Saved"));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              browser.get(stack.gatewayUrl() + "/widgets/account/" + id);
              return browser.getPageSource().contains("minimum 12");
            });

    // Deleted after confirming: the card goes, and the widget says the account is gone.
    manage().findElement(By.className("delete-account")).click();
    browser.switchTo().alert().accept();
    await()
        .atMost(WAIT)
        .until(() -> browser.findElements(By.cssSelector("article[data-account]")).isEmpty());
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              browser.get(stack.gatewayUrl() + "/widgets/account/" + id);
              return browser.findElement(By.className("provider")).getText();
            },
            equalTo("this account was removed"));
  }

  /** The dashboard's account card's "Manage" form, once account-service has filled it in. */
  private WebElement manage() {
    browser.get(stack.gatewayUrl() + "/dashboard");
    WebElement card = browser.findElement(By.cssSelector("article[data-account]"));
    card.findElement(By.cssSelector("details.manage summary")).click();
    WebElement form = card.findElement(By.cssSelector("form.account-edit"));
    await()
        .atMost(WAIT)
        .until(() -> !form.findElement(By.name("label")).getAttribute("value").isEmpty());
    return form;
  }
}
