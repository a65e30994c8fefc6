package com.widgetforge.price.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two simulated terminals (test profile): their ticks and states on Kafka, as the contract says.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
class TerminalPublishingTest {

  private static final Map<String, String> TERMINAL_OF =
      Map.of(
          "EURUSD", "sim-1", "XAUUSD", "sim-1", "BTCUSD", "sim-1", "US30", "sim-2", "ETHUSD",
          "sim-2");

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @TestHTTPResource("/q/health/ready")
  URI readiness;

  private final ObjectMapper json = new ObjectMapper();
  private final AsyncApiContract contract = AsyncApiContract.load();

  private List<ConsumerRecord<String, String>> consume(
      String topic, String offsetReset, Predicate<List<ConsumerRecord<String, String>>> enough) {
    return TopicReader.read(bootstrapServers, topic, offsetReset, enough, Duration.ofSeconds(20));
  }

  @Test
  void publishesEachTerminalsTicksKeyedBySymbolAsTheContractSays() throws Exception {
    List<ConsumerRecord<String, String>> records =
        consume(
            "price.ticks",
            "latest",
            got ->
                got.stream().map(ConsumerRecord::key).distinct().count() == 5 && got.size() >= 40);
    assertTrue(records.size() >= 40, "only " + records.size() + " ticks in 20 s");
    for (ConsumerRecord<String, String> record : records) {
      contract.assertConforms("price.ticks", record.value());
      JsonNode tick = json.readTree(record.value());
      assertEquals(record.key(), tick.get("symbol").asText());
      assertEquals(TERMINAL_OF.get(record.key()), tick.get("terminalId").asText(), record.value());
      assertTrue(tick.get("bid").asDouble() < tick.get("ask").asDouble(), record.value());
    }
    assertEquals(
        TERMINAL_OF.keySet(), Set.copyOf(records.stream().map(ConsumerRecord::key).toList()));
  }

  @Test
  void eachSymbolsTicksArriveInTimeOrder() throws Exception {
    Map<String, Long> lastTime = new HashMap<>();
    for (ConsumerRecord<String, String> record :
        consume("price.ticks", "latest", got -> got.size() >= 40)) {
      long time = json.readTree(record.value()).get("timeMsc").asLong();
      Long previous = lastTime.put(record.key(), time);
      assertTrue(previous == null || time > previous, record.key() + " went back in time");
    }
    assertEquals(5, lastTime.size());
  }

  @Test
  void announcesThatEachTerminalConnectedKeyedByTerminalId() throws Exception {
    List<ConsumerRecord<String, String>> records =
        consume(
            "price.terminals",
            "earliest",
            got -> got.stream().map(ConsumerRecord::key).distinct().count() == 2);
    Map<String, String> firstState = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      contract.assertConforms("price.terminals", record.value());
      JsonNode status = json.readTree(record.value());
      assertEquals(record.key(), status.get("terminalId").asText());
      firstState.putIfAbsent(record.key(), status.get("state").asText());
    }
    // Other tests in this JVM may have made a terminal misbehave since: its first word counts.
    assertEquals(Map.of("sim-1", "connected", "sim-2", "connected"), firstState);
    assertEquals(
        Set.of("sim-1", "sim-2"), Set.copyOf(records.stream().map(ConsumerRecord::key).toList()));
  }

  @Test
  void publishesBarsKeyedBySymbolAndTimeframeAsTheContractSays() throws Exception {
    List<ConsumerRecord<String, String>> records =
        consume("price.bars", "latest", got -> got.size() >= 35);
    assertTrue(records.size() >= 35, "only " + records.size() + " bar events in 20 s");
    Set<String> timeframes = new java.util.HashSet<>();
    for (ConsumerRecord<String, String> record : records) {
      contract.assertConforms("price.bars", record.value());
      JsonNode bar = json.readTree(record.value());
      assertEquals(bar.get("symbol").asText() + ":" + bar.get("timeframe").asText(), record.key());
      assertTrue(bar.get("low").asDouble() <= bar.get("high").asDouble(), record.value());
      timeframes.add(bar.get("timeframe").asText());
    }
    assertEquals(Set.of("M1", "M5", "M15", "M30", "H1", "H4", "D1"), timeframes);
  }

  @Test
  void writesEachSymbolsDayOpenToPriceLatestAsTheContractSays() throws Exception {
    Map<String, JsonNode> newest = new HashMap<>();
    consume(
        "price.latest",
        "earliest",
        got -> {
          got.forEach(record -> newest.put(record.key(), parse(record.value())));
          return newest.size() == 5 && newest.values().stream().allMatch(r -> r.has("dayOpen"));
        });
    assertEquals(TERMINAL_OF.keySet(), newest.keySet());
    for (Map.Entry<String, JsonNode> latest : newest.entrySet()) {
      contract.assertConforms("price.latest", latest.getValue().toString());
      // The base of the day's change: the open of the current D1 bar, as stored.
      JsonNode bars =
          json.readTree(
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(
                                  readiness.resolve(
                                      "/api/prices/" + latest.getKey() + "/history?timeframe=D1"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .get("bars");
      assertEquals(
          bars.get(bars.size() - 1).get("open").asDouble(),
          latest.getValue().get("dayOpen").asDouble(),
          1e-9,
          latest.getKey());
    }
  }

  private JsonNode parse(String value) {
    try {
      return json.readTree(value);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readinessListsEveryTerminalsState() throws Exception {
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
    JsonNode terminals = null;
    for (JsonNode check : json.readTree(ready.body()).get("checks")) {
      if (check.get("name").asText().equals("MT5 terminals")) {
        terminals = check;
      }
    }
    assertTrue(terminals != null, ready.body());
    assertEquals("UP", terminals.get("status").asText());
    assertEquals("connected", terminals.get("data").get("sim-1").asText());
    assertEquals("connected", terminals.get("data").get("sim-2").asText());
  }
}
