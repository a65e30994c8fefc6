package com.widgetforge.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.Component;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two widget-service instances on one broker (compose --scale): each streams every tick. */
class ScaledWidgetServiceTest {

  private static LocalStack stack;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.start("scaled-widgets");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** The EURUSD tick times one instance sends over 8 s. */
  private Set<Long> eurusdTicks(Component instance) throws Exception {
    URI stream = URI.create(instance.baseUrl().replace("http", "ws") + "/ws/price-stream");
    Set<Long> times = new HashSet<>();
    try (WebSocketTestClient client = WebSocketTestClient.connect(stream)) {
      client.send("{\"subscribe\":[\"EURUSD\"]}");
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (System.nanoTime() < deadline) {
        String message = client.next(Duration.ofMillis(500));
        if (message != null && message.contains("\"type\":\"tick\"")) {
          times.add(json.readTree(message).path("timeMsc").asLong());
        }
      }
    }
    return times;
  }

  @Test
  void bothInstancesStreamTheSameTicks() throws Exception {
    Component second = stack.startReplica("widget-service");
    Component first = stack.component("widget-service");
    var firstTicks = new java.util.concurrent.CompletableFuture<Set<Long>>();
    Thread reader =
        new Thread(
            () -> {
              try {
                firstTicks.complete(eurusdTicks(first));
              } catch (Exception e) {
                firstTicks.completeExceptionally(e);
              }
            });
    reader.start();
    Set<Long> secondTicks = eurusdTicks(second);
    Set<Long> shared = new HashSet<>(firstTicks.get());
    shared.retainAll(secondTicks);
    assertTrue(secondTicks.size() >= 10, "second instance sent " + secondTicks.size() + " ticks");
    assertTrue(
        shared.size() >= secondTicks.size() * 0.8,
        "only " + shared.size() + " of " + secondTicks.size() + " ticks reached both instances");
  }
}
