package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.widgetforge.devstack.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A 5ers account end to end in a real browser, through the gateway, with WireMock standing in for
 * The5ers' API ({@link FiversDouble}): an admin creates a trader, renames them and registers a 5ers
 * account for them by picking their name; the account builder lists it under the new name; its
 * embed shows the figures The5ers served; the trader's dashboard shows the provider status, and the
 * provider's error once The5ers refuses.
 */
class FiversAccountThroughGatewayTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static LocalStack stack;
  private WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
  }

  @AfterEach
  void quit() {
    if (browser != null) {
      browser
          .manage()
          .logs()
          .get(org.openqa.selenium.logging.LogType.BROWSER)
          .forEach(entry -> System.out.println("browser console: " + entry));
      browser.quit();
    }
  }

  private static ConditionFactory eventually() {
    return await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions();
  }

  private void signIn(String email, String password, String page) {
    browser = HeadlessChrome.start(1280, 900);
    browser.get(stack.gatewayUrl() + page);
    eventually().until(() -> browser.getCurrentUrl().contains("/login?next=" + page));
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
    eventually().until(() -> browser.getCurrentUrl().endsWith(page));
  }

  private static void replace(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  @Test
  void anAdminRegistersA5ersAccountForATraderByNameAndItsFiguresAndStatusShow() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "mira-" + tag + "@stack.test";
    String name = "Mira Horvat " + tag;
    String providerId = "FT" + tag;
    FiversDouble.answer(providerId, "101250.50", "101876.25", 4);

    // The admin creates the trader and renames them.
    signIn(StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD, "/admin");
    WebElement userForm = browser.findElement(By.id("user-form"));
    userForm.findElement(By.name("email")).sendKeys(email);
    userForm.findElement(By.name("displayName")).sendKeys("Mira Petrova " + tag);
    userForm.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement oneTimeBox = browser.findElement(By.id("one-time"));
    eventually().until(oneTimeBox::isDisplayed);
    String oneTime = browser.findElement(By.id("one-time-value")).getAttribute("value");
    WebElement q = browser.findElement(By.id("user-q"));
    q.sendKeys("petrova " + tag);
    By row = By.cssSelector("#users tr[data-user='" + email + "']");
    eventually().until(() -> browser.findElement(row).getText().startsWith("Mira Petrova"));
    browser.findElement(row).findElement(By.xpath(".//button[text()='Rename']")).click();
    replace(browser.findElement(row).findElement(By.cssSelector("td input")), name);
    browser.findElement(row).findElement(By.xpath(".//button[text()='Save']")).click();
    eventually()
        .until(() -> browser.findElement(By.id("user-status")).getText().contains("Renamed"));

    // On the dashboard, the admin registers a 5ers account for the trader, picked by name.
    browser.get(stack.gatewayUrl() + "/dashboard");
    browser.findElement(By.cssSelector(".add-account summary")).click();
    WebElement form = browser.findElement(By.id("account-form"));
    Select owner = new Select(form.findElement(By.name("ownerId")));
    eventually()
        .until(
            () -> owner.getOptions().stream().anyMatch(o -> o.getText().startsWith(name + " (")));
    owner.selectByVisibleText(name + " (" + email + ")");
    new Select(form.findElement(By.name("provider"))).selectByValue("fivers");
    replace(form.findElement(By.name("providerAccountId")), providerId);
    replace(
        form.findElement(By.name("login")),
        Long.toString(60_000_000L + Long.parseLong(tag.substring(0, 6), 16)));
    replace(form.findElement(By.name("server")), "FivePercentOnline-Real");
    replace(form.findElement(By.name("label")), "Horvat 100k");
    replace(form.findElement(By.name("initialBalance")), "100000");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    eventually()
        .until(() -> form.findElement(By.className("status")).getText().startsWith("Added"));

    // The account builder lists it under the trader's new name once The5ers' data is in.
    By option = By.xpath("//optgroup[@label='" + name + "']/option");
    eventually()
        .until(
            () -> {
              browser.get(stack.gatewayUrl() + "/dashboard/builder/account");
              return !browser.findElements(option).isEmpty();
            });
    WebElement choice = browser.findElement(option);
    assertEquals(name + " · Horvat 100k (The5ers)", choice.getText());
    new Select(browser.findElement(By.id("accountId"))).selectByValue(choice.getAttribute("value"));
    replace(browser.findElement(By.id("name")), "Mira's 5ers account " + tag);
    browser.findElement(By.id("save")).click();
    eventually().until(() -> browser.findElement(By.id("save-status")).getText().equals("Saved."));
    String widget = browser.getCurrentUrl().replaceAll(".*[?&]id=", "");

    // Its embed shows the trader's name and the figures The5ers served.
    browser.get(stack.gatewayUrl() + "/widgets/account/" + widget);
    assertEquals(name, browser.findElement(By.className("trader")).getText());
    assertTrue(browser.findElement(By.className("provider")).getText().contains("The5ers"));
    String equity =
        browser.findElement(By.cssSelector(".metric[data-key='equity'] .value")).getText();
    assertTrue(equity.contains("101,876"), equity);
    browser.quit();
    browser = null;

    // The trader chooses their own password and sees the provider status on their dashboard.
    String own = "Mira's own passphrase " + tag;
    Browser.chooseOwnPassword(stack.gatewayUrl(), email, oneTime, own);
    signIn(email, own, "/dashboard");
    By status = By.cssSelector("article[data-account] .provider-status");
    eventually().until(() -> browser.findElement(status).getText().startsWith("provider synced"));
    WebElement lastSync = browser.findElement(By.cssSelector(".provider-status time.last-sync"));
    assertTrue(lastSync.getText().endsWith("ago"), lastSync.getText());
    assertTrue(lastSync.getAttribute("title").endsWith(" UTC"), lastSync.getAttribute("title"));
    assertTrue(browser.findElements(By.cssSelector(".provider-status .provider-error")).isEmpty());

    // The5ers refuses the account: the dashboard says so, without the provider's own words.
    StubMapping refusing = FiversDouble.fail(providerId, 401);
    try {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () -> {
                browser.navigate().refresh();
                List<WebElement> error =
                    browser.findElements(By.cssSelector(".provider-status .provider-error"));
                return !error.isEmpty() && error.get(0).getText().contains("HTTP 401");
              });
      String shown = browser.findElement(status).getText();
      assertTrue(shown.contains("Provider error: fivers"), shown);
      assertFalse(shown.contains("internal detail"), shown);
    } finally {
      FiversDouble.server().removeStub(refusing);
    }
  }
}
