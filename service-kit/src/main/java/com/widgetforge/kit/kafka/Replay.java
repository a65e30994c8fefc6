package com.widgetforge.kit.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * How far a consumer that reads a compacted topic from its start has come. It has caught up once it
 * has read every partition up to the end the topic had when the service started, so that a
 * readiness check can hold traffic off until the state it rebuilds is complete (a widget must not
 * answer "unknown symbol" for a price that is on the topic). A topic that cannot be fully read
 * within {@code patience} (records compacted away below its end) counts as caught up then.
 */
public final class Replay {

  private static final Logger LOG = Logger.getLogger(Replay.class);

  private final String topic;
  private final Map<String, Object> kafka;
  private final long giveUpAtNanos;
  private final Map<Integer, Long> next = new ConcurrentHashMap<>();
  private volatile Map<Integer, Long> ends;
  private volatile boolean done;

  /**
   * @param kafka the Kafka client settings (Quarkus's {@code default-kafka-broker} map)
   */
  public Replay(String topic, Map<String, Object> kafka, Duration patience) {
    this.topic = topic;
    this.kafka = kafka;
    this.giveUpAtNanos = System.nanoTime() + patience.toNanos();
  }

  /** The consumer read the record at {@code offset} of {@code partition}. */
  public void read(int partition, long offset) {
    next.merge(partition, offset + 1, Math::max);
  }

  /** Whether every partition has been read up to its end at start. */
  public boolean caughtUp() {
    if (done) {
      return true;
    }
    Map<Integer, Long> goal = ends;
    if (goal == null) {
      goal = fetchEnds();
      if (goal == null) {
        return false;
      }
      ends = goal;
    }
    for (Map.Entry<Integer, Long> end : goal.entrySet()) {
      if (next.getOrDefault(end.getKey(), 0L) < end.getValue()) {
        if (System.nanoTime() > giveUpAtNanos) {
          LOG.warnf("%s: not read to its end in time; going on with what was read", topic);
          done = true;
          return true;
        }
        return false;
      }
    }
    done = true;
    return true;
  }

  private Map<Integer, Long> fetchEnds() {
    Map<String, Object> settings = new HashMap<>();
    kafka.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            settings.put(key, value);
          }
        });
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    try (Admin admin = Admin.create(settings)) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      description
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<Integer, Long> found = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(5, TimeUnit.SECONDS)
          .forEach((partition, info) -> found.put(partition.partition(), info.offset()));
      return found;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.debugf("%s: end offsets not known yet (%s)", topic, e.getMessage());
      return null;
    }
  }
}
