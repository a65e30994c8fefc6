package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.widgetforge.devstack.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Every dashboard page and every public widget, as a screen reader and a phone see them: axe-core
 * (WCAG 2.1 A and AA rules) finds no serious or critical violation, and at 360 px wide no page
 * scrolls sideways. Pages are checked signed in, through the gateway, with their forms and "Manage"
 * panels open. Screenshots of each land in target/screenshots/a11y.
 */
class AccessibilityThroughGatewayTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TRADER = "ada-a11y@stack.test";
  private static final String PASSWORD = "Ada's own passphrase 1815";
  private static final String NEWCOMER = "grace-a11y@stack.test";
  private static final String NEWCOMER_ONE_TIME = "Grace's one-time pass phrase";
  private static final Set<String> BLOCKING = Set.of("serious", "critical");
  private static final List<String> RULES = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  private static LocalStack stack;
  private static final Map<String, String> ACCOUNT_WIDGETS = new java.util.HashMap<>();
  private WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
    String gateway = stack.gatewayUrl();
    Browser admin = Browser.login(gateway, StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    admin.post(gateway + "/auth/users", user(TRADER, "Ada Lovelace", "One-time for Ada 1815"), 201);
    admin.post(gateway + "/auth/users", user(NEWCOMER, "Grace Hopper", NEWCOMER_ONE_TIME), 201);
    Browser.chooseOwnPassword(gateway, TRADER, "One-time for Ada 1815", PASSWORD);
    Browser ada = Browser.login(gateway, TRADER, PASSWORD);
    String account =
        ada.post(
                gateway + "/api/accounts",
                Map.of(
                    "login", 50099815,
                    "server", "FivePercentOnline-Demo",
                    "provider", "simulated",
                    "label", "Ada's challenge",
                    "initialBalance", 100000,
                    "maxDailyLossPct", 5,
                    "maxTotalLossPct", 10,
                    "profitTargetPct", 8),
                201)
            .get("id")
            .asText();
    ada.post(
        gateway + "/api/widgets",
        Map.of("name", "Majors ticker", "kind", "ticker", "options", Map.of("symbols", "EURUSD")),
        201);
    for (String kind : List.of("account", "equity-curve")) {
      for (String theme : List.of("dark", "light")) {
        Map<String, Object> widget =
            Map.of(
                "name",
                "Challenge " + kind + " " + theme,
                "kind",
                kind,
                "options",
                Map.of("accountId", account, "theme", theme));
        // An account widget can be saved once the account has synced.
        ACCOUNT_WIDGETS.put(
            kind + "-" + theme,
            await()
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(
                    () -> ada.post(gateway + "/api/widgets", widget, 201).get("id").asText(),
                    id -> !id.isEmpty()));
      }
    }
  }

  private static Map<String, String> user(String email, String name, String oneTime) {
    return Map.of("email", email, "displayName", name, "role", "trader", "password", oneTime);
  }

  @AfterEach
  void quit() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theSignInPageIsAccessibleOnADesktopAndAPhone() throws Exception {
    List<String> problems = new ArrayList<>();
    for (int width : new int[] {1280, 360}) {
      browser = HeadlessChrome.start(width, 800);
      browser.get(stack.gatewayUrl() + "/login");
      problems.addAll(check("login", width));
      browser.quit();
      browser = null;
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void theKeyboardReachesTheSignInFormInReadingOrder() {
    browser = HeadlessChrome.start(1280, 800);
    browser.get(stack.gatewayUrl() + "/login");
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      browser.switchTo().activeElement().sendKeys(Keys.TAB);
      WebElement focused = browser.switchTo().activeElement();
      order.add(
          focused.getAttribute("id").isEmpty() ? focused.getText() : focused.getAttribute("id"));
    }
    assertEquals(List.of("Skip to content", "WidgetForge", "email", "password", "sign-in"), order);
    browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
    browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
    browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
    browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
    WebElement skip = browser.switchTo().activeElement();
    assertEquals("Skip to content", skip.getText(), "a focused skip link is visible");
    skip.sendKeys(Keys.ENTER);
    assertEquals("main", browser.switchTo().activeElement().getAttribute("id"));
  }

  @Test
  void aTradersPagesAreAccessibleOnADesktopAndAPhone() throws Exception {
    List<String> problems = new ArrayList<>();
    for (int width : new int[] {1280, 360}) {
      signIn(width, TRADER, PASSWORD, "/dashboard");
      problems.addAll(check("dashboard", width));
      List<String> builders =
          browser.findElements(By.cssSelector("nav a[href^='/dashboard/builder/']")).stream()
              .map(a -> a.getAttribute("href"))
              .toList();
      assertTrue(builders.size() >= 5, "the builders are in the menu: " + builders);
      for (String builder : builders) {
        browser.get(builder);
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("preview")).isEmpty());
        problems.addAll(check("builder-" + builder.substring(builder.lastIndexOf('/') + 1), width));
      }
      browser.quit();
      browser = null;
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void theAdminAndPasswordPagesAreAccessibleOnADesktopAndAPhone() throws Exception {
    List<String> problems = new ArrayList<>();
    for (int width : new int[] {1280, 360}) {
      signIn(width, StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD, "/admin");
      await()
          .atMost(WAIT)
          .until(() -> !browser.findElements(By.cssSelector("#users tr")).isEmpty());
      problems.addAll(check("admin", width));
      browser.quit();
      browser = null;
    }
    signIn(360, NEWCOMER, NEWCOMER_ONE_TIME, "/dashboard");
    await().atMost(WAIT).until(() -> !browser.findElements(By.id("password-form")).isEmpty());
    problems.addAll(check("password", 360));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyPublicWidgetIsAccessibleInEachTheme() throws Exception {
    List<String> problems = new ArrayList<>();
    browser = HeadlessChrome.start(900, 600);
    for (String theme : List.of("dark", "light")) {
      for (String widget :
          List.of(
              "ticker?symbols=EURUSD,GBPUSD&spread=1",
              "quote?symbol=EURUSD&spread=1",
              "rotating-asset?symbols=EURUSD,GBPUSD",
              "rotating-asset?symbols=EURUSD,GBPUSD&view=chart",
              "mini-chart?symbol=EURUSD&range=1D")) {
        browser.get(stack.gatewayUrl() + "/widgets/" + widget + "&theme=" + theme);
        String name =
            widget.replaceAll("[^a-z-].*", "") + (widget.contains("view=chart") ? "-charts" : "");
        problems.addAll(check("widget-" + name + "-" + theme, 900));
      }
      for (String kind : List.of("account", "equity-curve")) {
        browser.get(
            stack.gatewayUrl() + "/widgets/account/" + ACCOUNT_WIDGETS.get(kind + "-" + theme));
        await().atMost(WAIT).until(() -> !browser.findElements(By.className("trader")).isEmpty());
        problems.addAll(check("widget-" + kind + "-" + theme, 900));
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private void signIn(int width, String email, String password, String page) {
    browser = HeadlessChrome.start(width, 800);
    browser.get(stack.gatewayUrl() + page);
    await().atMost(WAIT).until(() -> browser.getCurrentUrl().contains("/login?next="));
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
    await().atMost(WAIT).until(() -> !browser.getCurrentUrl().contains("/login"));
  }

  /**
   * The serious and critical axe violations of the page now open (with every {@code <details>}
   * open), and whether it scrolls sideways; saves a screenshot named {@code name}.
   */
  private List<String> check(String name, int width) throws Exception {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    await()
        .atMost(WAIT)
        .until(() -> "complete".equals(js.executeScript("return document.readyState")));
    js.executeScript("document.querySelectorAll('details').forEach(d => d.open = true)");
    List<String> problems = new ArrayList<>();
    Results results = new AxeBuilder().withTags(RULES).analyze(browser);
    for (Rule rule : results.getViolations()) {
      if (BLOCKING.contains(rule.getImpact())) {
        problems.add(
            name
                + " @"
                + width
                + "px: "
                + rule.getImpact()
                + " "
                + rule.getId()
                + " ("
                + rule.getHelp()
                + ") at "
                + rule.getNodes().stream()
                    .map(n -> String.valueOf(n.getTarget()))
                    .limit(5)
                    .collect(Collectors.joining(", ")));
      }
    }
    long viewport = (Long) js.executeScript("return document.documentElement.clientWidth");
    if (viewport > width) {
      problems.add(name + ": the viewport is " + viewport + " px wide, not " + width);
    }
    long overflow =
        (Long)
            js.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    if (overflow > 0) {
      WebElement widest =
          (WebElement)
              js.executeScript(
                  "let w = null; for (const e of document.body.querySelectorAll('*')) {"
                      + " if (e.getBoundingClientRect().right > document.documentElement.clientWidth"
                      + " && (!w || e.contains(w) === false)) w = e; } return w;");
      problems.add(
          name
              + " @"
              + width
              + "px: scrolls sideways by "
              + overflow
              + " px"
              + (widest == null
                  ? ""
                  : " (" + widest.getTagName() + "." + widest.getAttribute("class") + ")"));
    }
    Path dir = Path.of("target", "screenshots", "a11y");
    Files.createDirectories(dir);
    Files.write(
        dir.resolve(name + "-" + width + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    return problems;
  }
}
