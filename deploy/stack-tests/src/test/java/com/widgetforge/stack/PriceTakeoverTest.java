package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.Component;
import com.widgetforge.devstack.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two price-service replicas (compose --scale): one polls the terminal, the other stands by. */
class PriceTakeoverTest {

  private static LocalStack stack;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
  }

  /** The "MT5 terminals" readiness check's data of one instance. */
  private JsonNode terminals(Component instance) throws Exception {
    HttpResponse<String> ready =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    for (JsonNode check : json.readTree(ready.body()).path("checks")) {
      if (check.path("name").asText().equals("MT5 terminals")) {
        return check;
      }
    }
    throw new AssertionError("no terminals check in " + ready.body());
  }

  private void awaitPolling(Component instance) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "connected".equals(terminals(instance).path("data").path("sim-1").asText()));
  }

  private void assertStandby(Component instance) throws Exception {
    assertEquals("UP", terminals(instance).path("status").asText());
    assertEquals(
        "terminals are polled by another instance",
        terminals(instance).path("data").path("standby").asText());
  }

  @Test
  void aStandbyReplicaTakesTheTerminalOverWhenThePollingOneStops() throws Exception {
    Component first = stack.component("price-service");
    Component second = stack.startReplica("price-service");
    try {
      assertStandby(second);
      assertEquals("connected", terminals(first).path("data").path("sim-1").asText());

      // The polling replica goes away: the standby one takes sim-1 over at its next lease check.
      stack.stopService(first.name());
      awaitPolling(second);

      // And back: the first comes back as the standby, and takes over when the second stops.
      stack.startService(first.name());
      assertStandby(first);
    } finally {
      if (!stack.isRunning(first.name())) {
        stack.startService(first.name());
      }
      stack.stopService(second.name());
    }
    awaitPolling(first);
  }
}
