package com.widgetforge.stack.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What one subscriber is offered: the ticks price-service publishes on {@code price.ticks} for a
 * set of symbols between {@link #start} and {@link #stop}, read from the broker (each tick once, by
 * symbol and time), independently of widget-service.
 */
final class OfferedTicks implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final Set<String> symbols;
  private final AtomicLong counted = new AtomicLong();
  private final AtomicLong pollsWithTicks = new AtomicLong();
  private final AtomicBoolean counting = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread poller;
  private final List<Long> latencies = new java.util.ArrayList<>();

  OfferedTicks(String bootstrapServers, List<String> symbols) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer = new KafkaConsumer<>(config);
    this.symbols = Set.copyOf(symbols);
    List<TopicPartition> partitions =
        consumer.partitionsFor("price.ticks").stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    this.poller = new Thread(this::poll, "offered-ticks");
    poller.start();
  }

  private void poll() {
    Set<String> seen = new HashSet<>();
    while (running.get()) {
      var records = consumer.poll(Duration.ofMillis(100));
      long received = System.currentTimeMillis();
      long before = counted.get();
      for (ConsumerRecord<String, String> tick : records) {
        if (counting.get() && symbols.contains(tick.key())) {
          int at = tick.value().indexOf("\"timeMsc\":");
          if (seen.add(
              tick.key() + tick.value().substring(at, Math.min(at + 30, tick.value().length())))) {
            counted.incrementAndGet();
            long timeMsc = 0;
            String value = tick.value();
            for (int i = at + 10; i < value.length() && Character.isDigit(value.charAt(i)); i++) {
              timeMsc = timeMsc * 10 + (value.charAt(i) - '0');
            }
            synchronized (latencies) {
              latencies.add(Math.max(0, received - timeMsc));
            }
          }
        }
      }
      if (counted.get() > before) {
        pollsWithTicks.incrementAndGet();
      }
    }
    consumer.close();
  }

  void start() {
    counting.set(true);
  }

  /** Stops counting; the ticks published meanwhile. */
  long stop() {
    counting.set(false);
    return counted.get();
  }

  /**
   * How many of the counted ticks one consumer poll brings, on average, over the polls that bring
   * any: above 1, a consumer that sends a poll's ticks in one frame would send fewer frames.
   */
  double ticksPerPoll() {
    long polls = pollsWithTicks.get();
    return polls == 0 ? 0 : Math.round(counted.get() * 100.0 / polls) / 100.0;
  }

  /**
   * The {@code fraction} percentile of poll → broker → this consumer (ms): what a consumer of
   * {@code price.ticks} sees, before widget-service and the gateway add their part.
   */
  long brokerLatency(double fraction) {
    synchronized (latencies) {
      if (latencies.isEmpty()) {
        return -1;
      }
      List<Long> sorted = latencies.stream().sorted().toList();
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * fraction) - 1));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    poller.join(5_000);
  }
}
