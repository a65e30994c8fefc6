package com.widgetforge.devstack.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic in a fresh consumer group until the records read satisfy a condition. */
public final class TopicReader {

  private TopicReader() {}

  /**
   * Polls {@code topic} from {@code offsetReset} ({@code earliest} or {@code latest}) until {@code
   * enough} holds or {@code timeout} passes, and returns every record read.
   */
  public static List<ConsumerRecord<String, String>> read(
      String bootstrapServers,
      String topic,
      String offsetReset,
      Predicate<List<ConsumerRecord<String, String>>> enough,
      Duration timeout) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrapServers,
            "group.id",
            "test-reader-" + UUID.randomUUID(),
            "auto.offset.reset",
            offsetReset,
            "key.deserializer",
            StringDeserializer.class.getName(),
            "value.deserializer",
            StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      while (!enough.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }
}
