package com.widgetforge.price.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.price.terminal.TerminalRegistry;
import com.widgetforge.price.terminal.TerminalState;
import com.widgetforge.price.terminal.simulated.SimulatedQuoteSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
class LatestPriceApiTest {

  @Inject TerminalRegistry terminals;

  private static JsonPath latest(String symbols) {
    return given()
        .get("/api/prices/latest?symbols=" + symbols)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void givesBidAskSpreadChangeSinceTheDaysOpenAndFreshness() {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              JsonPath json = latest("EURUSD,XAUUSD,NOPE");
              assertEquals(2, json.getList("prices").size());
              assertNotNull(json.get("prices[0].changePct"), "day open not known yet");
            });
    JsonPath json = latest("EURUSD,XAUUSD,NOPE");
    assertEquals(List.of("NOPE"), json.getList("unknown"));
    assertEquals("EURUSD", json.getString("prices[0].symbol"));
    assertEquals(5, json.getInt("prices[0].digits"));
    assertTrue(json.getDouble("prices[0].bid") < json.getDouble("prices[0].ask"));
    long spread = json.getLong("prices[0].spread");
    assertTrue(spread >= 8 && spread <= 16, "EURUSD spread " + spread + " points");
    assertFalse(json.getBoolean("prices[0].stale"));
    assertTrue(Math.abs(json.getDouble("prices[0].changePct")) < 5);
    assertEquals("sim-1", json.getString("prices[1].terminalId"));
  }

  @Test
  void oneSymbolAnswersAtItsOwnPathAndAnUnknownOneIs404() {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> given().get("/api/prices/BTCUSD").then().statusCode(200));
    given()
        .get("/api/prices/BTCUSD")
        .then()
        .body("symbol", equalTo("BTCUSD"))
        .body("digits", equalTo(2));
    given()
        .get("/api/prices/NOSUCH")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void aHungTerminalsPricesAreMarkedStaleUntilItAnswersAgain() {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> latest("US30").getList("prices").size() == 1);
    SimulatedQuoteSource.Faults faults =
        ((SimulatedQuoteSource) terminals.poller("sim-2").orElseThrow().source()).faults();
    faults.hang();
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> latest("US30,EURUSD").getBoolean("prices[0].stale"));
      assertFalse(latest("US30,EURUSD").getBoolean("prices[1].stale"), "sim-1 still answers");
    } finally {
      faults.release();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                terminals.poller("sim-2").orElseThrow().status().state() == TerminalState.CONNECTED
                    && !latest("US30").getBoolean("prices[0].stale"));
  }

  @Test
  void refusesBadRequestsWithAMessage() {
    given()
        .get("/api/prices/latest")
        .then()
        .statusCode(400)
        .body("detail", containsString("symbols"));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      many.add("S" + i);
    }
    given()
        .get("/api/prices/latest?symbols=" + String.join(",", many))
        .then()
        .statusCode(400)
        .body("detail", equalTo("at most 50 symbols per request"));
    given()
        .get("/api/prices/latest?symbols=EURUSD,%3Cscript%3E")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("symbol 2"))
        .body(not(containsString("<script>")));
  }
}
