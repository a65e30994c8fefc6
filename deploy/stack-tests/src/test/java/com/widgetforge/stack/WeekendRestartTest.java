package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The weekend: markets close, the feed stops, and widget-service restarts (or a replica is added)
 * while no tick flows. Every price widget still shows the last price, marked closed, not delayed
 * and never "unknown symbols".
 */
class WeekendRestartTest {

  private static final List<String> SYMBOLS = List.of("EURUSD", "XAUUSD", "US30", "BTCUSD");
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private HttpResponse<String> get(LocalStack stack, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode latest(LocalStack stack) throws Exception {
    HttpResponse<String> response =
        get(stack, "/api/prices/latest?symbols=" + String.join(",", SYMBOLS));
    assertEquals(200, response.statusCode(), response.body());
    return json.readTree(response.body()).get("prices");
  }

  private boolean allClosed(LocalStack stack) throws Exception {
    JsonNode prices = latest(stack);
    if (prices.size() != SYMBOLS.size()) {
      return false;
    }
    for (JsonNode price : prices) {
      if (!"closed".equals(price.get("market").asText())) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aWidgetServiceStartedOverTheWeekendShowsEveryLastPriceMarkedClosed() throws Exception {
    LocalStack stack = StackFixture.shared();
    await().atMost(Duration.ofSeconds(30)).until(() -> latest(stack).size() == SYMBOLS.size());
    // The weekend: every market's calendar is closed, so the simulator stops ticking, as a real
    // terminal does, and price-service marks every symbol closed on price.latest.
    stack.stopService("price-service");
    try {
      stack.startService("price-service", StackFixture.marketHours("never"));
      await().atMost(Duration.ofSeconds(30)).until(() -> allClosed(stack));
      JsonNode before = latest(stack);

      // No tick flows: widget-service restarts and learns every price from price.latest alone.
      stack.restart("widget-service");
      HttpResponse<String> ticker =
          get(stack, "/widgets/ticker?symbols=" + String.join(",", SYMBOLS));
      assertEquals(200, ticker.statusCode(), ticker.body());
      for (JsonNode price : before) {
        String symbol = price.get("symbol").asText();
        String item =
            ticker.body().substring(ticker.body().indexOf("data-symbol=\"" + symbol + "\"") - 40);
        assertTrue(item.contains("closed"), symbol + " is not marked closed: " + item);
      }
      HttpResponse<String> quote = get(stack, "/widgets/quote?symbol=EURUSD");
      assertEquals(200, quote.statusCode(), quote.body());
      assertTrue(quote.body().contains("market closed"), quote.body());

      try (WebSocketTestClient client =
          WebSocketTestClient.connect(
              URI.create(stack.gatewayUrl().replace("http", "ws") + "/ws/price-stream"))) {
        JsonNode snapshot =
            json.readTree(
                client.await(m -> m.contains("\"type\":\"snapshot\""), Duration.ofSeconds(10)));
        for (JsonNode tick : snapshot.get("ticks")) {
          if (SYMBOLS.contains(tick.get("symbol").asText())) {
            assertEquals("closed", tick.get("market").asText(), tick.toString());
          }
        }
      }
    } finally {
      // Monday: markets open again.
      if (stack.isRunning("price-service")) {
        stack.stopService("price-service");
      }
      stack.startService("price-service", Map.of());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (JsonNode price : latest(stack)) {
                if (!"open".equals(price.get("market").asText())) {
                  return false;
                }
              }
              return true;
            });
  }
}
