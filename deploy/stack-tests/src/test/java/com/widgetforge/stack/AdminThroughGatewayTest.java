package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin runs the team from {@code /admin} in a real browser, through the gateway: people by
 * name, found by search, renamed, their passwords reset and their sessions ended; API keys created
 * (the secret shown once) and revoked.
 */
class AdminThroughGatewayTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static LocalStack stack;
  private WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
  }

  @AfterEach
  void quit() {
    if (browser != null) {
      browser.quit();
    }
  }

  private void signInAsAdmin() {
    browser = HeadlessChrome.start(1280, 900);
    browser.get(stack.gatewayUrl() + "/admin");
    eventually().until(() -> browser.getCurrentUrl().contains("/login?next=/admin"));
    browser.findElement(By.id("email")).sendKeys(StackFixture.ADMIN_EMAIL);
    browser.findElement(By.id("password")).sendKeys(StackFixture.ADMIN_PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    eventually().until(() -> browser.getCurrentUrl().endsWith("/admin"));
  }

  /** A wait that looks again while the list is being redrawn (rows come and go). */
  private static ConditionFactory eventually() {
    return await().atMost(WAIT).ignoreExceptions();
  }

  /** Answers "OK" to the page's confirmation, which may come after a request. */
  private void confirm() {
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
  }

  private WebElement rowOf(String email) {
    return browser.findElement(By.cssSelector("#users tr[data-user='" + email + "']"));
  }

  private void search(String text) {
    WebElement q = browser.findElement(By.id("user-q"));
    q.clear();
    q.sendKeys(text);
  }

  private String oneTimePassword() {
    WebElement box = browser.findElement(By.id("one-time"));
    eventually().until(box::isDisplayed);
    String value = browser.findElement(By.id("one-time-value")).getAttribute("value");
    assertTrue(value.length() >= 12, "a one-time password: " + value);
    return value;
  }

  private static int login(String email, String password) throws Exception {
    return Browser.send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                .build())
        .statusCode();
  }

  @Test
  void anAdminCreatesFindsRenamesAndResetsATraderAndEndsTheirSessions() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "ola-" + tag + "@stack.test";
    signInAsAdmin();
    WebElement form = browser.findElement(By.id("user-form"));
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("displayName")).sendKeys("Ola Nowak " + tag);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    String first = oneTimePassword();

    // Found by a part of the name, alone in the list, named, never shown by id.
    search("nowak " + tag);
    eventually().until(() -> browser.findElements(By.cssSelector("#users tbody tr")).size() == 1);
    WebElement row = rowOf(email);
    assertTrue(row.getText().startsWith("Ola Nowak " + tag), row.getText());

    row.findElement(By.xpath(".//button[text()='Rename']")).click();
    WebElement name = row.findElement(By.cssSelector("td input"));
    name.clear();
    name.sendKeys("Ola Kowalska " + tag);
    row.findElement(By.xpath(".//button[text()='Save']")).click();
    eventually()
        .until(() -> browser.findElement(By.id("user-status")).getText().contains("Renamed"));
    search("kowalska " + tag);
    eventually().until(() -> rowOf(email).getText().startsWith("Ola Kowalska " + tag));

    // A reset gives a new one-time password; the old one stops working.
    rowOf(email).findElement(By.xpath(".//button[text()='Reset password']")).click();
    confirm();
    eventually().until(() -> !oneTimePassword().equals(first));
    String reset = oneTimePassword();
    assertEquals(401, login(email, first));
    Browser.chooseOwnPassword(stack.gatewayUrl(), email, reset, "Ola's own passphrase " + tag);
    assertEquals(200, login(email, "Ola's own passphrase " + tag));

    // Her sessions (the logins just made), ended from the admin page.
    rowOf(email).findElement(By.xpath(".//button[text()='Sessions']")).click();
    confirm();
    eventually()
        .until(() -> browser.findElement(By.id("user-status")).getText().startsWith("Ended "));
    rowOf(email).findElement(By.xpath(".//button[text()='Sessions']")).click();
    eventually()
        .until(
            () ->
                browser
                    .findElement(By.id("user-status"))
                    .getText()
                    .endsWith("has 0 open sessions."));

    // The role, changed with a select that names whose it is.
    Select role =
        new Select(rowOf(email).findElement(By.cssSelector("select[aria-label^='Role of']")));
    role.selectByVisibleText("admin");
    eventually()
        .until(() -> browser.findElement(By.id("user-status")).getText().contains("is now admin"));
    assertFalse(browser.getPageSource().contains("password\":"), "no JSON leaks into the page");
  }

  @Test
  void anAdminCreatesAnApiKeySeesItsSecretOnceAndRevokesIt() throws Exception {
    String name = "feed-" + UUID.randomUUID().toString().substring(0, 8);
    signInAsAdmin();
    WebElement form = browser.findElement(By.id("key-form"));
    form.findElement(By.name("name")).sendKeys(name);
    new Select(form.findElement(By.name("scope"))).selectByValue("prices:admin");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    eventually().until(() -> browser.findElement(By.id("key-secret")).isDisplayed());
    String secret = browser.findElement(By.id("key-secret-value")).getAttribute("value");
    assertTrue(secret.startsWith("wf_"), secret);
    eventually()
        .until(
            () ->
                !browser
                    .findElements(By.cssSelector("#api-keys tr[data-key='" + name + "']"))
                    .isEmpty());
    WebElement row = browser.findElement(By.cssSelector("#api-keys tr[data-key='" + name + "']"));
    assertTrue(row.getText().contains("prices:admin"), row.getText());
    assertTrue(row.getText().contains("active"), row.getText());
    assertEquals(200, exchange(secret), "the key works");

    browser.navigate().refresh();
    assertFalse(browser.getPageSource().contains(secret), "the secret is shown once");
    // The list is drawn after the page loads: wait for the row again.
    eventually()
        .until(
            () ->
                browser.findElement(By.cssSelector("#api-keys tr[data-key='" + name + "'] button")),
            WebElement::isDisplayed)
        .click();
    confirm();
    eventually()
        .until(
            () ->
                browser
                    .findElement(By.cssSelector("#api-keys tr[data-key='" + name + "']"))
                    .getText()
                    .contains("revoked"));
    assertEquals(401, exchange(secret), "a revoked key opens nothing");
  }

  private static int exchange(String secret) throws Exception {
    HttpResponse<String> token =
        Browser.send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/auth/token"))
                .header("X-API-Key", secret)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    return token.statusCode();
  }
}
