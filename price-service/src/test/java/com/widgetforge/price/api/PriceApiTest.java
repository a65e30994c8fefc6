package com.widgetforge.price.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.price.history.BarStore;
import com.widgetforge.price.history.BarUpdate;
import com.widgetforge.price.history.Timeframe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
class PriceApiTest {

  /** 2020-01-01T00:00:00Z: far from the live bars the simulator is writing. */
  private static final long T = 1_577_836_800L;

  @Inject BarStore store;

  private static BarUpdate bar(
      long time, double open, double high, double low, double close, long ticks) {
    return new BarUpdate(
        "XAUUSD",
        "sim-1",
        Timeframe.M1,
        time,
        open,
        high,
        low,
        close,
        ticks,
        25,
        0,
        BarUpdate.State.UPDATED);
  }

  private static JsonPath history(String symbol, String query) {
    return given()
        .get("/api/prices/" + symbol + "/history?" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void listsTheTerminalsSymbolsWithDigitsAndCategory() {
    given()
        .get("/api/prices/symbols")
        .then()
        .statusCode(200)
        .body("name", hasItems("EURUSD", "XAUUSD", "BTCUSD", "US30", "ETHUSD"))
        .body("find { it.name == 'XAUUSD' }.digits", equalTo(2))
        .body("find { it.name == 'XAUUSD' }.category", equalTo("metal"))
        .body("find { it.name == 'US30' }.description", equalTo("Dow Jones Industrial Average"));
  }

  @Test
  void liveTicksBecomeM1BarsInHistory() {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertFalse(history("EURUSD", "timeframe=M1").getList("bars").isEmpty()));
    JsonPath json = history("EURUSD", "timeframe=M1");
    assertEquals("EURUSD", json.getString("symbol"));
    assertEquals(5, json.getInt("digits"));
    List<Double> opens = json.getList("bars.open", Double.class);
    List<Double> highs = json.getList("bars.high", Double.class);
    List<Double> lows = json.getList("bars.low", Double.class);
    List<Double> closes = json.getList("bars.close", Double.class);
    for (int i = 0; i < opens.size(); i++) {
      assertTrue(lows.get(i) <= Math.min(opens.get(i), closes.get(i)), "bar " + i);
      assertTrue(highs.get(i) >= Math.max(opens.get(i), closes.get(i)), "bar " + i);
    }
  }

  @Test
  void replayedBarsNeverDuplicateAndKeepTheirOpenAndExtremes() {
    store.upsert(List.of(bar(T, 2000.0, 2001.0, 1999.0, 2000.5, 10))).await().indefinitely();
    store.upsert(List.of(bar(T, 2000.0, 2001.0, 1999.0, 2000.5, 10))).await().indefinitely();
    // A restart mid-bar: the aggregator starts again with a later open and fewer ticks.
    store.upsert(List.of(bar(T, 2000.7, 2000.9, 1999.5, 2000.8, 3))).await().indefinitely();

    JsonPath json = history("XAUUSD", "timeframe=M1&from=" + T + "&to=" + (T + 59));
    assertEquals(1, json.getList("bars").size());
    assertEquals(T, json.getLong("bars[0].time"));
    assertEquals(2000.0, json.getDouble("bars[0].open"));
    assertEquals(2001.0, json.getDouble("bars[0].high"));
    assertEquals(1999.0, json.getDouble("bars[0].low"));
    assertEquals(2000.8, json.getDouble("bars[0].close"));
    assertEquals(10, json.getLong("bars[0].tickVolume"));
  }

  @Test
  void aLimitKeepsTheMostRecentBarsInTimeOrder() {
    store
        .upsert(
            List.of(
                bar(T + 600, 1, 1, 1, 1, 1),
                bar(T + 660, 2, 2, 2, 2, 1),
                bar(T + 720, 3, 3, 3, 3, 1)))
        .await()
        .indefinitely();
    JsonPath json =
        history("XAUUSD", "timeframe=M1&from=" + (T + 600) + "&to=" + (T + 720) + "&limit=2");
    assertEquals(List.of(T + 660, T + 720), json.getList("bars.time", Long.class));
  }

  @Test
  void answersAnUnchangedHistoryWith304() {
    String query = "/api/prices/XAUUSD/history?timeframe=H1&from=" + T + "&to=" + (T + 3600);
    String etag =
        given()
            .get(query)
            .then()
            .statusCode(200)
            .header("Cache-Control", containsString("max-age"))
            .header("ETag", notNullValue())
            .extract()
            .header("ETag");
    given().header("If-None-Match", etag).get(query).then().statusCode(304);
  }

  @Test
  void unknownSymbolIs404WithoutEchoingIt() {
    given()
        .get("/api/prices/NOSUCH%3Cb%3E/history")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("unknown symbol"))
        .body(not(containsString("<b>")));
  }

  @Test
  void badParametersAre400WithAMessage() {
    for (String query :
        new String[] {
          "timeframe=M2",
          "limit=0",
          "limit=5001",
          "limit=x",
          "from=soon",
          "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"
        }) {
      given()
          .get("/api/prices/EURUSD/history?" + query)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("status", equalTo(400))
          .body("detail", notNullValue());
    }
  }

  @Test
  void aNulOrAMalformedEscapeInThePathIsA400NotA500() throws Exception {
    for (String path :
        new String[] {"/api/prices/%00", "/api/prices/%00/history", "/api/prices/%C3%28"}) {
      given()
          .urlEncodingEnabled(false)
          .get(path)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", notNullValue());
    }
    given()
        .urlEncodingEnabled(false)
        .get("/api/prices/latest?symbols=EURUSD%00")
        .then()
        .statusCode(400);
    // No HTTP client sends a malformed escape: a raw request does.
    assertEquals("HTTP/1.1 400 Bad Request", rawStatusLine("/api/prices/EUR%zzUSD"));
  }

  @io.quarkus.test.common.http.TestHTTPResource("/")
  java.net.URI root;

  private String rawStatusLine(String target) throws Exception {
    try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
          .readLine();
    }
  }
}
