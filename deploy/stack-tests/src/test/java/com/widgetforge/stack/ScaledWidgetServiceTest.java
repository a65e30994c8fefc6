package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.Component;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two widget-service instances on one broker (compose --scale): each streams every tick. */
class ScaledWidgetServiceTest {

  private static LocalStack stack;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
  }

  /** A subscriber to one instance's EURUSD ticks, collecting their times as they come. */
  private final class Subscriber implements AutoCloseable {
    final Set<Long> times = ConcurrentHashMap.newKeySet();
    private final WebSocketTestClient client;
    private final Thread reader;
    private volatile boolean open = true;

    Subscriber(Component instance) throws Exception {
      client =
          WebSocketTestClient.connect(
              URI.create(instance.baseUrl().replace("http", "ws") + "/ws/price-stream"));
      client.send("{\"subscribe\":[\"EURUSD\"]}");
      reader = new Thread(this::read, "ticks-of-" + instance.name());
      reader.start();
    }

    private void read() {
      try {
        while (open) {
          String message = client.next(Duration.ofMillis(200));
          if (message != null && message.contains("\"type\":\"tick\"")) {
            times.add(json.readTree(message).path("timeMsc").asLong());
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() throws Exception {
      open = false;
      reader.join();
      client.close();
    }
  }

  @Test
  void bothInstancesStreamTheSameTicks() throws Exception {
    Component second = stack.startReplica("widget-service");
    try (Subscriber first = new Subscriber(stack.component("widget-service"));
        Subscriber other = new Subscriber(second)) {
      // At least ten ticks from the new instance, and at least 80 % of them sent by both.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                Set<Long> shared = new HashSet<>(other.times);
                shared.retainAll(first.times);
                return other.times.size() >= 10 && shared.size() >= other.times.size() * 0.8;
              });
    } finally {
      stack.stopService(second.name());
    }
  }
}
