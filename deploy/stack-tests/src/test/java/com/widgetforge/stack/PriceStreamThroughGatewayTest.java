package com.widgetforge.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first live slice, end to end: simulated terminal → Kafka → widget-service → gateway → socket.
 */
class PriceStreamThroughGatewayTest {

  private static LocalStack stack;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
  }

  private URI stream() {
    return URI.create(stack.gatewayUrl().replace("http", "ws") + "/ws/price-stream");
  }

  @Test
  void subscriberThroughTheGatewayGetsLiveTicksOfExactlyItsSymbols() throws Exception {
    try (WebSocketTestClient client = WebSocketTestClient.connect(stream())) {
      client.send("{\"subscribe\":[\"EURUSD\",\"XAUUSD\"]}");
      JsonNode subscribed =
          json.readTree(
              client.await(m -> m.contains("\"type\":\"subscribed\""), Duration.ofSeconds(10)));
      assertEquals("[\"EURUSD\",\"XAUUSD\"]", subscribed.get("symbols").toString());

      Map<String, Integer> counts = new HashMap<>();
      Map<String, Long> lastTime = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while ((counts.getOrDefault("EURUSD", 0) < 3 || counts.getOrDefault("XAUUSD", 0) < 3)
          && System.nanoTime() < deadline) {
        String message = client.next(Duration.ofSeconds(1));
        if (message == null) {
          continue;
        }
        JsonNode frame = json.readTree(message);
        String type = frame.get("type").asText();
        assertTrue(type.equals("tick") || type.equals("ticks"), message);
        // Ticks of one poll come in one frame.
        for (JsonNode tick : type.equals("ticks") ? frame.get("ticks") : List.of(frame)) {
          String symbol = tick.get("symbol").asText();
          assertTrue(Set.of("EURUSD", "XAUUSD").contains(symbol), "unsubscribed symbol " + message);
          assertTrue(tick.get("bid").asDouble() < tick.get("ask").asDouble(), message);
          long time = tick.get("timeMsc").asLong();
          Long previous = lastTime.put(symbol, time);
          assertTrue(previous == null || time > previous, "time went back: " + message);
          counts.merge(symbol, 1, Integer::sum);
        }
      }
      assertTrue(counts.getOrDefault("EURUSD", 0) >= 3, "EURUSD ticks: " + counts);
      assertTrue(counts.getOrDefault("XAUUSD", 0) >= 3, "XAUUSD ticks: " + counts);
    }
  }

  @Test
  void silentClientThroughTheGatewayGetsEverySimulatedSymbol() throws Exception {
    try (WebSocketTestClient client = WebSocketTestClient.connect(stream())) {
      JsonNode snapshot =
          json.readTree(
              client.await(m -> m.contains("\"type\":\"snapshot\""), Duration.ofSeconds(10)));
      String symbols = snapshot.get("ticks").findValuesAsText("symbol").toString();
      for (String symbol : new String[] {"EURUSD", "XAUUSD", "US30", "BTCUSD"}) {
        assertTrue(symbols.contains(symbol), symbol + " missing from " + symbols);
      }
    }
  }
}
