package com.widgetforge.devstack.testing;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A string-keyed, string-valued producer that sends at once: what tests publish events with. */
public final class TopicWriter {

  private TopicWriter() {}

  public static KafkaProducer<String, String> open(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", bootstrapServers, "linger.ms", 0),
        new StringSerializer(),
        new StringSerializer());
  }
}
