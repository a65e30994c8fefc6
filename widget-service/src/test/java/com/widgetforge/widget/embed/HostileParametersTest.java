package com.widgetforge.widget.embed;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.widget.stream.LatestTicks;
import com.widgetforge.widget.stream.PriceTick;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzz-style: every public page's every parameter gets hostile values. The answer is a 200 or a 4xx
 * with a message, never a 5xx, and a hostile value never comes back unescaped.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
class HostileParametersTest {

  static final List<String> HOSTILE =
      List.of(
          "<script>alert(1)</script>",
          "\"><img src=x onerror=alert(1)>",
          "'; DROP TABLE saved_widget; --",
          "{#for x in 1..9}{x}{/for}",
          "%00%0d%0aSet-Cookie: x=1",
          "\u202e\u0000\uffff",
          "../../../../etc/passwd",
          "9".repeat(40),
          "-1",
          "A".repeat(3_000),
          "EURUSD,".repeat(400),
          "");

  static final Map<String, List<String>> PAGES =
      Map.of(
          "/widgets/ticker",
          List.of(
              "symbols", "theme", "accent", "locale", "overlay", "width", "height", "speed",
              "spread"),
          "/widgets/quote",
          List.of("symbol", "theme", "accent", "locale", "spread"),
          "/widgets/rotating-asset",
          List.of("symbols", "interval", "theme", "spread", "view", "range"),
          "/widgets/mini-chart",
          List.of("symbol", "range", "theme", "locale"),
          "/login",
          List.of("next", "error"));

  @Inject LatestTicks latest;

  @Test
  void hostileParametersNeverCauseA5xxOrComeBackUnescaped() {
    latest.offer(
        new PriceTick(1, "EURUSD", "sim-1", 1.08, 1.0801, 0, 0, System.currentTimeMillis(), 5));
    int requests = 0;
    for (var page : PAGES.entrySet()) {
      for (String parameter : page.getValue()) {
        for (String value : HOSTILE) {
          var request = given().redirects().follow(false).queryParam(parameter, value);
          if (!parameter.startsWith("symbol") && !page.getKey().equals("/login")) {
            request.queryParam(
                page.getKey().contains("quote") || page.getKey().contains("chart")
                    ? "symbol"
                    : "symbols",
                "EURUSD");
          }
          Response response = request.get(page.getKey());
          requests++;
          String where = page.getKey() + "?" + parameter + "=" + abbreviate(value);
          assertTrue(
              response.statusCode() < 500,
              where + " → " + response.statusCode() + " " + abbreviate(response.asString()));
          String body = response.asString();
          for (String marker : List.of("<script>alert", "<img src=x", "Set-Cookie: x=1", "{#for")) {
            assertFalse(body.contains(marker), where + " echoed " + marker);
          }
          assertFalse(response.headers().hasHeaderWithName("x"), where + " split a header");
        }
      }
    }
    for (String value : HOSTILE) {
      if (value.isEmpty()) {
        continue;
      }
      for (String path : List.of("/widgets/w/", "/widgets/account/", "/dashboard/builder/")) {
        Response response =
            given()
                .redirects()
                .follow(false)
                .urlEncodingEnabled(false)
                .get(
                    path
                        + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20"));
        requests++;
        assertTrue(
            response.statusCode() < 500, path + abbreviate(value) + " → " + response.statusCode());
        assertFalse(response.asString().contains("<script>alert"), path + " echoed a script");
      }
    }
    assertTrue(requests > 250, "only " + requests + " requests");
  }

  private static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
