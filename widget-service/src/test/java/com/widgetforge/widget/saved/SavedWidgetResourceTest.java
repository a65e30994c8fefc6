package com.widgetforge.widget.saved;

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
import java.util.ArrayList;
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
class SavedWidgetResourceTest {

  @Inject LatestTicks latest;

  private final String alice = UUID.randomUUID().toString();
  private final String bob = UUID.randomUUID().toString();

  @BeforeEach
  void prices() {
    long now = System.currentTimeMillis();
    latest.offer(new PriceTick(1, "EURUSD", "sim-1", 1.08, 1.0801, 0, 0, now, 5));
    latest.offer(new PriceTick(1, "XAUUSD", "sim-1", 2345.1, 2345.4, 0, 0, now, 2));
  }

  static RequestSpecification as(String user, String... groups) {
    return given()
        .header(
            "Authorization",
            "Bearer "
                + TestTokens.token(
                    user, List.of(groups), UUID.randomUUID().toString(), Duration.ofMinutes(5)))
        .contentType(ContentType.JSON);
  }

  static Map<String, Object> ticker(String symbols, List<String> sites) {
    return Map.of(
        "kind",
        "ticker",
        "name",
        "Majors <b>tape</b>",
        "options",
        Map.of("symbols", symbols, "theme", "light"),
        "allowedSites",
        sites);
  }

  private String create(String user, Map<String, Object> body) {
    Response created = as(user, "trader").body(body).post("/api/widgets");
    assertEquals(201, created.statusCode(), created.asString());
    return created.jsonPath().getString("id");
  }

  /** A EURUSD ticker with one more option. */
  private static Map<String, Object> tickerOption(String option, String value) {
    return Map.of(
        "kind", "ticker", "name", "x", "options", Map.of("symbols", "EURUSD", option, value));
  }

  @Test
  void aTraderSavesListsChangesAndDeletesTheirWidgets() {
    String id = create(alice, ticker("EURUSD,XAUUSD", List.of("https://Example.com/")));
    Response got = as(alice, "trader").get("/api/widgets/" + id);
    assertEquals(200, got.statusCode());
    assertEquals("Majors <b>tape</b>", got.jsonPath().getString("name"));
    assertEquals(List.of("https://example.com"), got.jsonPath().getList("allowedSites"));
    assertEquals("/widgets/w/" + id, got.jsonPath().getString("path"));
    assertTrue(as(alice, "trader").get("/api/widgets").jsonPath().getList("id").contains(id));

    Response changed =
        as(alice, "trader").body(ticker("XAUUSD", List.of("*"))).put("/api/widgets/" + id);
    assertEquals(200, changed.statusCode(), changed.asString());
    assertEquals("XAUUSD", changed.jsonPath().getString("options.symbols"));

    assertEquals(204, as(alice, "trader").delete("/api/widgets/" + id).statusCode());
    assertEquals(404, as(alice, "trader").get("/api/widgets/" + id).statusCode());
  }

  @Test
  void anotherTradersWidgetIsNotFoundButAnAdminSeesEveryWidget() {
    String id = create(alice, ticker("EURUSD", List.of()));
    assertEquals(404, as(bob, "trader").get("/api/widgets/" + id).statusCode());
    assertEquals(404, as(bob, "trader").delete("/api/widgets/" + id).statusCode());
    assertEquals(
        404,
        as(bob, "trader").body(ticker("EURUSD", List.of())).put("/api/widgets/" + id).statusCode());
    assertFalse(as(bob, "trader").get("/api/widgets").jsonPath().getList("id").contains(id));
    assertEquals(403, as(bob, "trader").get("/api/widgets?all=true").statusCode());
    String admin = UUID.randomUUID().toString();
    assertTrue(
        as(admin, "admin").get("/api/widgets?all=true").jsonPath().getList("id").contains(id));
    assertEquals(200, as(admin, "admin").get("/api/widgets/" + id).statusCode());
    assertEquals(401, given().get("/api/widgets").statusCode());
  }

  @Test
  void hostileWidgetsAreRefusedWithAMessage() {
    List<Map<String, Object>> hostile = new ArrayList<>();
    hostile.add(ticker("<script>alert(1)</script>", List.of()));
    hostile.add(ticker("NOPE", List.of()));
    hostile.add(ticker("EURUSD", List.of("javascript:alert(1)")));
    hostile.add(ticker("EURUSD", List.of("https://example.com/path")));
    hostile.add(ticker("EURUSD", List.of("https://a.com; script-src *")));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      many.add("https://s" + i + ".example.com");
    }
    hostile.add(ticker("EURUSD", many));
    hostile.add(Map.of("kind", "iframe", "name", "x", "options", Map.of()));
    hostile.add(tickerOption("locale", "\u0000"));
    hostile.add(Map.of("kind", "ticker", "name", "", "options", Map.of("symbols", "EURUSD")));
    hostile.add(Map.of("kind", "ticker", "name", "x".repeat(101), "options", Map.of()));
    hostile.add(tickerOption("on-load", "1"));
    hostile.add(tickerOption("accent", "red;}body{x"));
    hostile.add(tickerOption("spread", "yes"));
    hostile.add(
        Map.of(
            "kind", "rotating-asset",
            "name", "x",
            "options", Map.of("symbols", "EURUSD", "view", "table")));
    for (Map<String, Object> body : hostile) {
      Response refused = as(alice, "trader").body(body).post("/api/widgets");
      assertEquals(400, refused.statusCode(), body + " → " + refused.asString());
      assertFalse(refused.jsonPath().getString("detail").isBlank(), refused.asString());
    }
    for (String body : List.of("{", "[]", "null", "{\"kind\":[1,2]}")) {
      Response refused = as(alice, "trader").body(body).post("/api/widgets");
      assertEquals(400, refused.statusCode(), body + " → " + refused.asString());
    }
    assertEquals(404, as(alice, "trader").get("/api/widgets/not-an-id").statusCode());
  }

  @Test
  void aSavedWidgetMayBeFramedOnlyByTheSitesOnItsAllowList() {
    String listed = create(alice, ticker("EURUSD", List.of("https://example.com")));
    Response page = given().get("/widgets/w/" + listed);
    assertEquals(200, page.statusCode(), page.asString());
    String csp = page.header("Content-Security-Policy");
    assertTrue(csp.endsWith("frame-ancestors 'self' https://example.com"), csp);
    assertTrue(page.asString().contains("data-symbols=\"EURUSD\""));
    assertTrue(page.asString().contains("theme-light"));

    String own = create(alice, ticker("EURUSD", List.of()));
    assertTrue(
        given()
            .get("/widgets/w/" + own)
            .header("Content-Security-Policy")
            .endsWith("frame-ancestors 'self'"));
    String any = create(alice, ticker("EURUSD", List.of("*")));
    assertTrue(
        given()
            .get("/widgets/w/" + any)
            .header("Content-Security-Policy")
            .endsWith("frame-ancestors *"));

    assertEquals(404, given().get("/widgets/w/" + UUID.randomUUID()).statusCode());
    assertEquals(404, given().get("/widgets/w/<script>").statusCode());
    assertEquals(
        404, given().get("/widgets/account/" + listed).statusCode(), "not an account widget");
  }

  @Test
  void aCookieAuthenticatedSaveNeedsTheCsrfTokenOrOurOrigin() {
    String token = TestTokens.token(alice, List.of("trader"), "s-csrf", Duration.ofMinutes(5));
    Map<String, Object> body = ticker("EURUSD", List.of());
    Response forged =
        given()
            .cookie("__Host-wf_session", token)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/widgets");
    assertEquals(403, forged.statusCode(), "no CSRF header: " + forged.asString());
    Response foreign =
        given()
            .cookie("__Host-wf_session", token)
            .header("Origin", "https://evil.example")
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/widgets");
    assertEquals(403, foreign.statusCode());
    Response dashboard =
        given()
            .cookie("__Host-wf_session", token)
            .cookie("__Host-wf_csrf", "csrf-value-1")
            .header("X-CSRF-Token", "csrf-value-1")
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/widgets");
    assertEquals(201, dashboard.statusCode(), dashboard.asString());
  }
}
