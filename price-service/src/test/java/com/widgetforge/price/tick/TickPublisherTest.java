package com.widgetforge.price.tick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
class TickPublisherTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private final ObjectMapper json = new ObjectMapper();

  private List<ConsumerRecord<String, String>> consume(int wanted) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrapServers,
            "group.id",
            "tick-test-" + UUID.randomUUID(),
            "auto.offset.reset",
            "latest",
            "key.deserializer",
            StringDeserializer.class.getName(),
            "value.deserializer",
            StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of("price.ticks"));
      while (records.size() < wanted && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  @Test
  void publishesTicksOfTheConfiguredSymbolsKeyedBySymbolAsTheContractSays() throws Exception {
    AsyncApiContract contract = AsyncApiContract.load();
    List<ConsumerRecord<String, String>> records = consume(30);
    assertTrue(records.size() >= 30, "only " + records.size() + " ticks in 20 s");
    for (ConsumerRecord<String, String> record : records) {
      contract.assertConforms("price.ticks", record.value());
      JsonNode tick = json.readTree(record.value());
      assertEquals(record.key(), tick.get("symbol").asText());
      assertEquals("sim-1", tick.get("terminalId").asText());
      assertTrue(tick.get("bid").asDouble() < tick.get("ask").asDouble(), record.value());
    }
    assertEquals(
        Set.of("EURUSD", "XAUUSD", "BTCUSD"),
        Set.copyOf(records.stream().map(ConsumerRecord::key).toList()));
  }

  @Test
  void eachSymbolsTicksArriveInTimeOrder() throws Exception {
    Map<String, Long> lastTime = new HashMap<>();
    for (ConsumerRecord<String, String> record : consume(30)) {
      long time = json.readTree(record.value()).get("timeMsc").asLong();
      Long previous = lastTime.put(record.key(), time);
      assertTrue(previous == null || time > previous, record.key() + " went back in time");
    }
    assertEquals(3, lastTime.size());
  }
}
