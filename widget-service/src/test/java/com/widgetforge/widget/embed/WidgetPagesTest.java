package com.widgetforge.widget.embed;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.widget.stream.LatestTicks;
import com.widgetforge.widget.stream.Market;
import com.widgetforge.widget.stream.PriceTick;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "widget"))
class WidgetPagesTest {

  @Inject LatestTicks latest;

  @BeforeEach
  void prices() {
    long now = System.currentTimeMillis();
    latest.offer(new PriceTick(1, "EURUSD", "sim-1", 1234.56789, 1234.56801, 0, 0, now, 5));
    latest.offer(new PriceTick(1, "XAUUSD", "sim-1", 2345.1, 2345.4, 0, 0, now, 2));
    latest.offer(new PriceTick(1, "OLDUSD", "sim-1", 1.5, 1.6, 0, 0, now - 120_000, 1));
    latest.offer(new PriceTick(1, "SHUTUSD", "sim-1", 1.25, 1.26, 0, 0, now - 172_800_000, 2));
    latest.market("SHUTUSD", Market.CLOSED);
  }

  @Test
  void tickerRendersLatestPricesInTheViewersLocaleWithAStrictPolicy() {
    Response page =
        given()
            .queryParam("symbols", "EURUSD,XAUUSD")
            .queryParam("locale", "de-DE")
            .get("/widgets/ticker");
    assertEquals(200, page.statusCode(), page.asString());
    assertTrue(page.contentType().startsWith("text/html"));
    assertTrue(page.asString().contains("1.234,56789"), "German number format with 5 digits");
    assertTrue(page.asString().contains("2.345,10"));
    String csp = page.header("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
    assertTrue(csp.contains("frame-ancestors *"), "ad-hoc public widgets may be framed anywhere");
    assertFalse(page.asString().contains("<script>"), "no inline script");
    assertTrue(page.asString().contains(">verzögert<"), "German labels too");
  }

  @Test
  void localeChoosesTheLabelsAndALanguageWithoutThemGetsEnglish() {
    Map<String, List<String>> expected =
        Map.of(
            "de", List.of("verzögert", "Markt geschlossen"),
            "es-MX", List.of("con retraso", "mercado cerrado"),
            "fr-CA", List.of("différé", "marché fermé"),
            "en-GB", List.of("delayed", "market closed"),
            "ja", List.of("delayed", "market closed"));
    expected.forEach(
        (locale, words) -> {
          String page =
              given()
                  .queryParam("symbol", "SHUTUSD")
                  .queryParam("locale", locale)
                  .get("/widgets/quote")
                  .asString();
          words.forEach(word -> assertTrue(page.contains(">" + word + "<"), locale + ": " + page));
        });
  }

  @Test
  void aPriceOlderThanThirtySecondsIsShownAsDelayed() {
    String page = given().queryParam("symbol", "OLDUSD").get("/widgets/quote").asString();
    assertTrue(page.contains("card quote stale"), page);
    String fresh = given().queryParam("symbol", "EURUSD").get("/widgets/quote").asString();
    assertFalse(fresh.contains("quote stale"));
  }

  @Test
  void aClosedMarketsLastPriceIsShownAsClosedNotDelayedOnEveryWidget() {
    Map<String, Map<String, String>> pages =
        Map.of(
            "/widgets/ticker", Map.of("symbols", "SHUTUSD"),
            "/widgets/quote", Map.of("symbol", "SHUTUSD"),
            "/widgets/rotating-asset", Map.of("symbols", "SHUTUSD"),
            "/widgets/mini-chart", Map.of("symbol", "SHUTUSD"));
    pages.forEach(
        (path, params) -> {
          Response page = given().queryParams(params).get(path);
          assertEquals(200, page.statusCode(), path + ": " + page.asString());
          String html = page.asString();
          assertTrue(html.matches("(?s).*class=\"[a-z ]*quote[a-z ]* closed\".*"), path + html);
          assertTrue(
              html.contains("class=\"market-closed\" aria-hidden=\"false\">market closed<"),
              path + ": the label shows");
          assertFalse(html.contains(" stale"), path + ": a closed market's price is not delayed");
          assertTrue(html.contains("1.25"), path);
        });
    String open = given().queryParam("symbol", "OLDUSD").get("/widgets/quote").asString();
    assertTrue(
        open.contains("class=\"market-closed\" aria-hidden=\"true\"")
            && !open.contains(" closed\""),
        "an open market's card has the label hidden: " + open);
  }

  @Test
  void hostileOrMalformedParametersAre400sAndNeverEchoed() {
    Map<String, Map<String, String>> cases =
        Map.of(
            "unknown symbols", Map.of("symbols", "EURUSD,NOPE"),
            "symbol names", Map.of("symbols", "<script>alert(1)</script>"),
            "at most 50",
                Map.of(
                    "symbols",
                    java.util.stream.IntStream.rangeClosed(1, 51)
                        .mapToObj(i -> "S" + i)
                        .collect(java.util.stream.Collectors.joining(","))),
            "theme", Map.of("symbols", "EURUSD", "theme", "\"><img src=x onerror=alert(1)>"),
            "accent", Map.of("symbols", "EURUSD", "accent", "red;}body{display:none"),
            "locale", Map.of("symbols", "EURUSD", "locale", "<svg/onload=alert(1)>"),
            "width", Map.of("symbols", "EURUSD", "overlay", "true", "width", "99999"),
            "required", Map.of("theme", "dark"));
    cases.forEach(
        (message, params) -> {
          Response response = given().queryParams(params).get("/widgets/ticker");
          assertEquals(400, response.statusCode(), message + ": " + response.asString());
          assertTrue(response.asString().contains(message), message + ": " + response.asString());
          assertFalse(
              response.asString().contains("<script>")
                  || response.asString().contains("<img")
                  || response.asString().contains("<svg"));
        });
    Response many =
        given().queryParam("symbols", "A,".repeat(60) + "EURUSD").get("/widgets/ticker");
    assertEquals(400, many.statusCode());
    assertEquals(
        400,
        given()
            .queryParam("symbols", "EURUSD")
            .queryParam("symbols", "XAUUSD")
            .get("/widgets/ticker")
            .statusCode());
    assertEquals(
        400, given().queryParam("symbol", "EURUSD,XAUUSD").get("/widgets/quote").statusCode());
  }

  @Test
  void overlayModeIsTransparentWithAFixedSize() {
    String page =
        given()
            .queryParams(
                Map.of("symbols", "EURUSD", "overlay", "true", "width", "800", "height", "90"))
            .get("/widgets/ticker")
            .asString();
    assertTrue(page.contains("theme-transparent overlay"), page);
    assertTrue(page.contains("data-width=\"800\"") && page.contains("data-height=\"90\""));
  }

  @Test
  void rotatingAssetShowsOneSymbolAtATimeAndChecksItsInterval() {
    Response page =
        given()
            .queryParams(Map.of("symbols", "EURUSD,XAUUSD", "interval", "8"))
            .get("/widgets/rotating-asset");
    assertEquals(200, page.statusCode(), page.asString());
    assertTrue(page.asString().contains("data-interval=\"8\""));
    assertEquals(
        1, page.asString().split("card quote active", -1).length - 1, "exactly one card shown");
    for (String bad : new String[] {"1", "61", "soon"}) {
      Response refused =
          given()
              .queryParams(Map.of("symbols", "EURUSD", "interval", bad))
              .get("/widgets/rotating-asset");
      assertEquals(400, refused.statusCode(), bad);
      assertTrue(refused.asString().contains("interval must be 2 to 60 seconds"));
    }
  }

  @Test
  void tickerQuoteAndRotatingAssetShowTheDaysChangeWithSignArrowAndColourClass() {
    latest.dayOpen("EURUSD", 1234.5);
    latest.dayOpen("XAUUSD", 2350.0);
    Map<String, Map<String, String>> pages =
        Map.of(
            "/widgets/ticker", Map.of("symbols", "EURUSD,XAUUSD"),
            "/widgets/rotating-asset", Map.of("symbols", "EURUSD,XAUUSD"),
            "/widgets/rotating-asset?view=chart", Map.of("symbols", "EURUSD,XAUUSD"),
            "/widgets/quote", Map.of("symbol", "EURUSD"));
    pages.forEach(
        (path, params) -> {
          String html = given().queryParams(params).get(path).asString();
          assertTrue(html.contains("data-day-open=\"1234.5\""), path + ": " + html);
          assertTrue(
              html.matches(
                  "(?s).*<span class=\"day-change up\"><span class=\"sr\">Today</span>"
                      + "<span class=\"arrow\" aria-hidden=\"true\">▲</span>"
                      + " <span class=\"abs\">\\+0\\.06789</span>"
                      + " <span class=\"pct\">\\+0\\.01%</span>.*"),
              path + ": up, with sign, arrow and class: " + html);
          if (!path.equals("/widgets/quote")) {
            assertTrue(
                html.contains("<span class=\"day-change down\">")
                    && html.contains(">▼<")
                    && html.contains(">-4.90<")
                    && html.contains(">-0.21%<"),
                path + ": down: " + html);
          }
        });
    String german =
        given()
            .queryParams(Map.of("symbol", "XAUUSD", "locale", "de-DE"))
            .get("/widgets/quote")
            .asString();
    assertTrue(german.contains(">-4,90<") && german.contains(">Heute<"), german);
    String unknown = given().queryParam("symbol", "OLDUSD").get("/widgets/quote").asString();
    assertTrue(
        unknown.contains("<span class=\"day-change \">") && !unknown.contains("▲"),
        "no day open known: no change shown " + unknown);
  }

  @Test
  void theSpreadInPointsIsAnOptionThatIsChecked() {
    String shown =
        given()
            .queryParams(Map.of("symbol", "EURUSD", "spread", "1", "locale", "es"))
            .get("/widgets/quote")
            .asString();
    assertTrue(
        shown.contains("<span class=\"spread\">Diferencial <span class=\"points\">12</span>"),
        "(1234.56801 - 1234.56789) × 10^5 = 12 points, labelled in Spanish: " + shown);
    for (String path : List.of("/widgets/ticker", "/widgets/rotating-asset")) {
      String page =
          given().queryParams(Map.of("symbols", "XAUUSD", "spread", "1")).get(path).asString();
      assertTrue(page.contains("Spread <span class=\"points\">30</span>"), path + page);
      String hidden = given().queryParams(Map.of("symbols", "XAUUSD")).get(path).asString();
      assertFalse(hidden.contains("class=\"spread\""), path + ": off by default");
    }
    for (String bad : List.of("yes", "2", "<b>")) {
      Response refused =
          given().queryParams(Map.of("symbols", "EURUSD", "spread", bad)).get("/widgets/ticker");
      assertEquals(400, refused.statusCode(), bad);
      assertTrue(refused.asString().contains("spread must be 1 (show) or 0 (hide)"), bad);
    }
  }

  @Test
  void rotatingAssetCanRotateMiniChartsOfItsSymbols() {
    Response page =
        given()
            .queryParams(Map.of("symbols", "EURUSD,XAUUSD", "view", "chart", "range", "5D"))
            .get("/widgets/rotating-asset");
    assertEquals(200, page.statusCode(), page.asString());
    String html = page.asString();
    assertEquals(1, html.split("card mini quote active", -1).length - 1, "one chart shown");
    assertEquals(2, html.split("data-timeframe=\"M15\"", -1).length - 1, "a 5D chart each");
    assertTrue(
        html.contains("/widgets/static/mini-chart.js") && html.contains("/webjars/uplot/"), html);
    assertFalse(html.contains("<script>") || html.contains("style="), "no inline script or style");
    String cards =
        given().queryParams(Map.of("symbols", "EURUSD")).get("/widgets/rotating-asset").asString();
    assertFalse(cards.contains("mini-chart.js") || cards.contains("uplot"), "cards need no chart");
    Map<String, String> bad =
        Map.of(
            "view must be cards or chart", "view=charts",
            "range must be one of 1D, 5D, 1M, 3M, 1Y", "view=chart&range=2W");
    bad.forEach(
        (message, query) -> {
          Response refused = given().get("/widgets/rotating-asset?symbols=EURUSD&" + query);
          assertEquals(400, refused.statusCode(), query);
          assertTrue(refused.asString().contains(message), refused.asString());
        });
  }

  @Test
  void miniChartRendersWithAStrictPolicyAndItsRangesTimeframe() {
    Response page =
        given()
            .queryParams(Map.of("symbol", "EURUSD", "range", "1M", "theme", "light"))
            .get("/widgets/mini-chart");
    assertEquals(200, page.statusCode(), page.asString());
    String html = page.asString();
    String csp = page.header("Content-Security-Policy");
    assertTrue(
        csp.contains("script-src 'self'")
            && csp.contains("style-src 'self'")
            && csp.contains("connect-src 'self'"),
        csp);
    assertFalse(html.contains("<script>") || html.contains("style="), "no inline script or style");
    assertTrue(html.contains("data-timeframe=\"H1\""), html);
    assertTrue(html.contains("theme-light") && html.contains("1,234.56789"), "English by default");
    assertTrue(html.contains("data-symbol=\"EURUSD\"") && html.contains("loading history"));
    String fallback = given().queryParam("symbol", "EURUSD").get("/widgets/mini-chart").asString();
    assertTrue(
        fallback.contains("data-range=\"1D\"") && fallback.contains("data-timeframe=\"M5\""));
  }

  @Test
  void miniChartTakesEveryCommonOption() {
    String page =
        given()
            .queryParams(
                Map.of(
                    "symbol", "eurusd",
                    "locale", "de-DE",
                    "accent", "#ff8800",
                    "overlay", "true",
                    "width", "640",
                    "height", "240"))
            .get("/widgets/mini-chart")
            .asString();
    assertTrue(page.contains("theme-transparent overlay"), page);
    assertTrue(page.contains("1.234,56789"), "German number format");
    assertTrue(page.contains("data-accent=\"#ff8800\""));
    assertTrue(page.contains("data-width=\"640\"") && page.contains("data-height=\"240\""));
    assertTrue(page.contains("data-symbol=\"EURUSD\""));
    String stale = given().queryParam("symbol", "OLDUSD").get("/widgets/mini-chart").asString();
    assertTrue(stale.contains("card mini quote stale"), stale);
  }

  @Test
  void miniChartScriptsAndStylesAreServedFromThisOrigin() {
    String page = given().queryParam("symbol", "EURUSD").get("/widgets/mini-chart").asString();
    java.util.regex.Matcher assets =
        java.util.regex.Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page);
    int count = 0;
    while (assets.find()) {
      Response asset = given().get(assets.group(1));
      assertEquals(200, asset.statusCode(), assets.group(1));
      count++;
    }
    assertEquals(5, count, "uPlot's script and style, widget.css, widget.js and mini-chart.js");
    assertTrue(page.contains("/webjars/uplot/"), page);
  }

  @Test
  void badMiniChartParametersAre400sThatNameTheProblem() {
    Map<String, Map<String, String>> cases =
        Map.of(
            "range must be one of 1D, 5D, 1M, 3M, 1Y",
                Map.of("symbol", "EURUSD", "range", "<script>alert(1)</script>"),
            "unknown symbols: NOPE", Map.of("symbol", "NOPE"),
            "symbol may contain only symbol names", Map.of("symbol", "<script>alert(1)</script>"),
            "symbol takes exactly one symbol", Map.of("symbol", "EURUSD,XAUUSD"),
            "symbol is required", Map.of("range", "5D"),
            "theme", Map.of("symbol", "EURUSD", "theme", "\"><img src=x onerror=alert(1)>"));
    cases.forEach(
        (message, params) -> {
          Response response = given().queryParams(params).get("/widgets/mini-chart");
          assertEquals(400, response.statusCode(), message + ": " + response.asString());
          assertTrue(response.asString().contains(message), message + ": " + response.asString());
          assertFalse(
              response.asString().contains("<script>") || response.asString().contains("<img"));
        });
    for (String bad : new String[] {"1d", "2D", "1W", " 1D"}) {
      Response refused =
          given().queryParams(Map.of("symbol", "EURUSD", "range", bad)).get("/widgets/mini-chart");
      assertEquals(400, refused.statusCode(), bad);
    }
    assertEquals(
        400,
        given()
            .queryParam("symbol", "EURUSD")
            .queryParam("range", "1D")
            .queryParam("range", "5D")
            .get("/widgets/mini-chart")
            .statusCode());
  }

  @Test
  void embedScriptIsServedAsJavaScript() {
    Response script = given().get("/embed.js");
    assertEquals(200, script.statusCode());
    assertTrue(script.contentType().contains("javascript"), script.contentType());
    assertTrue(script.asString().contains("data-widgetforge"));
  }
}
