package com.widgetforge.widget.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TestTokens;
import com.widgetforge.widget.stream.LatestTicks;
import com.widgetforge.widget.stream.PriceTick;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
@QuarkusTestResource(TestTokens.class)
class DashboardPagesTest {

  @Inject LatestTicks latest;

  private final String trader = UUID.randomUUID().toString();

  @BeforeEach
  void prices() {
    latest.offer(
        new PriceTick(1, "EURUSD", "sim-1", 1.08, 1.0801, 0, 0, System.currentTimeMillis(), 5));
  }

  /** A browser with a session cookie, as auth-service sets it at login. */
  static RequestSpecification browser(String user, String... groups) {
    return given()
        .redirects()
        .follow(false)
        .cookie(
            "__Host-wf_session",
            TestTokens.token(
                user, List.of(groups), UUID.randomUUID().toString(), Duration.ofMinutes(5)));
  }

  @Test
  void withoutASessionTheDashboardSendsTheBrowserToSignIn() {
    for (String path : List.of("/dashboard", "/dashboard/builder/ticker", "/admin")) {
      Response answer = given().redirects().follow(false).get(path);
      assertEquals(303, answer.statusCode(), path);
      assertTrue(
          answer.header("Location").endsWith("/login?next=" + path), answer.header("Location"));
    }
    Response expired =
        given()
            .redirects()
            .follow(false)
            .cookie(
                "__Host-wf_session",
                TestTokens.token(trader, List.of("trader"), "s", Duration.ofSeconds(-120)))
            .get("/dashboard");
    assertEquals(303, expired.statusCode(), "an expired token is no session");
  }

  @Test
  void theSignInPageNeverEchoesItsParametersAndNoSiteMayFrameIt() {
    Response page =
        given()
            .queryParam("next", "//evil.example/x")
            .queryParam("error", "<script>x</script>")
            .get("/login");
    assertEquals(200, page.statusCode());
    String html = page.asString();
    assertFalse(html.contains("evil.example"), "only local paths are kept");
    assertFalse(html.contains("<script>x"), "the error is a code, never echoed");
    assertTrue(html.contains("value=\"/dashboard\""));
    assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
    assertTrue(page.header("Content-Security-Policy").contains("form-action 'self'"));
    assertTrue(
        given()
            .queryParam("error", "credentials")
            .get("/login")
            .asString()
            .contains("do not match"));
  }

  @Test
  void aTraderSeesTheirWidgetsEscaped() {
    Response saved =
        given()
            .header(
                "Authorization",
                "Bearer "
                    + TestTokens.token(trader, List.of("trader"), "s1", Duration.ofMinutes(5)))
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "kind",
                    "ticker",
                    "name",
                    "<img src=x onerror=alert(1)>",
                    "options",
                    Map.of("symbols", "EURUSD"),
                    "allowedSites",
                    List.of("https://blog.example")))
            .post("/api/widgets");
    assertEquals(201, saved.statusCode(), saved.asString());
    Response page = browser(trader, "trader").get("/dashboard");
    assertEquals(200, page.statusCode(), page.asString());
    String html = page.asString();
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the name is escaped");
    assertFalse(html.contains("<img src=x"));
    assertTrue(html.contains("https://blog.example"));
    assertFalse(html.contains("href=\"/admin\""), "a trader has no admin link");
    assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
  }

  @Test
  void buildersOfferTheKnownSymbolsAndUnknownBuildersAreNotFound() {
    Response ticker = browser(trader, "trader").get("/dashboard/builder/ticker");
    assertEquals(200, ticker.statusCode());
    assertTrue(ticker.asString().contains("<option value=\"EURUSD\">"));
    assertTrue(ticker.asString().contains("id=\"embed-div\""));
    assertTrue(
        ticker.asString().contains("pattern=\"[a-z]{2}(-[A-Z]{2})?\""),
        "the locale pattern reaches the browser unchanged (not taken for a template expression)");
    assertTrue(ticker.asString().contains("name=\"spread\" value=\"1\""), "the spread option");
    String rotating = browser(trader, "trader").get("/dashboard/builder/rotating-asset").asString();
    assertTrue(
        rotating.contains("<select name=\"view\" id=\"view\">")
            && rotating.contains("<option value=\"chart\">")
            && rotating.contains("id=\"range-label\" hidden")
            && rotating.contains("name=\"spread\""),
        "a rotating asset shows cards or charts (with their range), with or without the spread");
    String chart = browser(trader, "trader").get("/dashboard/builder/mini-chart").asString();
    assertFalse(chart.contains("name=\"spread\"") || chart.contains("name=\"view\""), chart);
    assertEquals(200, browser(trader, "trader").get("/dashboard/builder/account").statusCode());
    assertEquals(404, browser(trader, "trader").get("/dashboard/builder/<script>").statusCode());
    assertEquals(
        404,
        browser(trader, "trader")
            .get("/dashboard/builder/ticker?id=" + UUID.randomUUID())
            .statusCode());
  }

  @Test
  void adminPagesAreForAdminsAndAOneTimePasswordLeadsToChoosingANewOne() {
    assertEquals(403, browser(trader, "trader").get("/admin").statusCode());
    Response admin = browser(UUID.randomUUID().toString(), "admin").get("/admin");
    assertEquals(200, admin.statusCode());
    assertTrue(admin.asString().contains("id=\"terminals\""));
    Response change = browser(trader, "password-change").get("/dashboard");
    assertEquals(200, change.statusCode());
    assertTrue(change.asString().contains("id=\"password-form\""));
  }
}
