package com.widgetforge.devstack.infra;

import com.widgetforge.devstack.contract.AsyncApiContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process): a plain
 * listener on loopback for the suite, and optionally an external one (SASL_SSL with SCRAM-SHA-512
 * users) for price-service instances on terminal hosts.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** The external listener: its port and the key store it presents. */
  public record External(int port, TlsMaterial tls) {}

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String externalBootstrapServers;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, String bootstrapServers, String externalBootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.externalBootstrapServers = externalBootstrapServers;
  }

  /** Formats {@code dataDir} if it is new, starts the broker and waits until it answers. */
  public static EmbeddedKafkaBroker start(Path dataDir, int port, int controllerPort)
      throws IOException {
    return start(dataDir, port, controllerPort, null);
  }

  /** The same, with an external SASL_SSL listener unless {@code external} is null. */
  public static EmbeddedKafkaBroker start(
      Path dataDir, int port, int controllerPort, External external) throws IOException {
    Files.createDirectories(dataDir);
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    String listeners =
        "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
    String advertised = "PLAINTEXT://127.0.0.1:" + port;
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    if (external != null) {
      listeners += ",EXTERNAL://127.0.0.1:" + external.port();
      advertised += ",EXTERNAL://127.0.0.1:" + external.port();
      protocols += ",EXTERNAL:SASL_SSL";
      props.put("listener.name.external.sasl.enabled.mechanisms", "SCRAM-SHA-512");
      props.put(
          "listener.name.external.scram-sha-512.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      props.put("listener.name.external.ssl.keystore.type", "PKCS12");
      props.put(
          "listener.name.external.ssl.keystore.location", external.tls().keyStore().toString());
      props.put("listener.name.external.ssl.keystore.password", external.tls().storePassword());
      props.put("listener.name.external.ssl.key.password", external.tls().storePassword());
    }
    props.put("listeners", listeners);
    props.put("advertised.listeners", advertised);
    props.put("listener.security.protocol.map", protocols);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dataDir.toAbsolutePath().toString());
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // The 128 MiB default exhausts a small heap, and Kafka then halts the JVM without hooks.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    props.put("log.cleaner.io.buffer.size", String.valueOf(512 * 1024));

    Path configFile = dataDir.resolveSibling(dataDir.getFileName() + ".properties");
    try (OutputStream out = Files.newOutputStream(configFile)) {
      props.store(out, "written by the WidgetForge devstack");
    }
    format(configFile, existingClusterId(dataDir));

    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(
            server, "127.0.0.1:" + port, external == null ? null : "127.0.0.1:" + external.port());
    broker.awaitReady(Duration.ofSeconds(60));
    return broker;
  }

  /** The id a formatted directory already belongs to: the broker refuses any other. */
  private static String existingClusterId(Path dataDir) throws IOException {
    Path meta = dataDir.resolve("meta.properties");
    if (!Files.exists(meta)) {
      return Uuid.randomUuid().toString();
    }
    Properties properties = new Properties();
    try (var in = Files.newInputStream(meta)) {
      properties.load(in);
    }
    return properties.getProperty("cluster.id");
  }

  private static void format(Path configFile, String clusterId) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit =
        StorageTool.execute(
            new String[] {
              "format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"
            },
            new PrintStream(output, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      throw new IllegalStateException(
          "formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The external SASL_SSL listener's address, or null without one. */
  public String externalBootstrapServers() {
    return externalBootstrapServers;
  }

  /**
   * Creates or replaces the SCRAM-SHA-512 credential of {@code user} on the external listener (one
   * user per terminal host).
   */
  public void upsertScramUser(String user, String password)
      throws InterruptedException, ExecutionException {
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
          .all()
          .get();
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception notYet) {
          last = notYet;
        }
      }
    }
    throw new IllegalStateException("Kafka broker did not answer in " + timeout, last);
  }

  /**
   * A compacted topic rolls its segment every 10 minutes, so that compaction (which never touches
   * the open segment) keeps what a starting consumer replays to about the latest record per key.
   */
  static final Map<String, String> COMPACTED =
      Map.of(
          "cleanup.policy", "compact", "segment.ms", "600000", "min.cleanable.dirty.ratio", "0.1");

  /** Creates the topics that do not exist yet. */
  public void createTopics(List<AsyncApiContract.Topic> topics)
      throws InterruptedException, ExecutionException {
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          topics.stream()
              .filter(topic -> !existing.contains(topic.name()))
              .map(
                  topic ->
                      new NewTopic(topic.name(), topic.partitions(), (short) 1)
                          .configs(topic.compacted() ? COMPACTED : Map.<String, String>of()))
              .collect(Collectors.toList());
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
