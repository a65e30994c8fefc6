package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Chart history is PostgreSQL's, not the process's: it outlives a price-service restart. */
class PriceHistoryRestartTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode get(LocalStack stack, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return json.readTree(response.body());
  }

  @Test
  void historyServedThroughTheGatewaySurvivesAPriceServiceRestart() throws Exception {
    LocalStack stack = StackFixture.shared();
    String hourly = "/api/prices/EURUSD/history?timeframe=H1&limit=48";
    await().atMost(Duration.ofSeconds(30)).until(() -> get(stack, hourly).get("bars").size() >= 24);
    JsonNode before = get(stack, hourly).get("bars");

    stack.restart("price-service");

    JsonNode after = get(stack, hourly).get("bars");
    assertTrue(
        after.size() >= before.size(), before.size() + " bars before, " + after.size() + " after");
    // Every completed bar from before the restart is still there, unchanged.
    for (int i = 0; i < before.size() - 1; i++) {
      JsonNode bar = before.get(i);
      JsonNode same = null;
      for (JsonNode candidate : after) {
        if (candidate.get("time").asLong() == bar.get("time").asLong()) {
          same = candidate;
        }
      }
      assertEquals(bar, same, "bar at " + bar.get("time"));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !get(stack, "/api/prices/latest?symbols=EURUSD").get("prices").isEmpty());
  }
}
