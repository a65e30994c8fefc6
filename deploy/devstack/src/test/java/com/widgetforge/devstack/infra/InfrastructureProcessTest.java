package com.widgetforge.devstack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.contract.AsyncApiContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InfrastructureProcessTest {

  private static InfrastructureProcess infrastructure;

  @BeforeAll
  static void start() throws Exception {
    infrastructure =
        InfrastructureProcess.start(
            InfrastructureProcess.Options.throwAway(Path.of("target", "infra-test.log"))
                .withRemoteAccess());
  }

  @AfterAll
  static void stop() {
    infrastructure.close();
  }

  @Test
  void createsADatabaseOwnedByTheServiceRoleThatAcceptsWrites() throws Exception {
    infrastructure.createDatabase("orders_a", "orders");
    infrastructure.createDatabase("orders_a", "orders"); // idempotent
    Properties login = new Properties();
    login.put("user", "orders");
    try (Connection connection =
            DriverManager.getConnection(infrastructure.jdbcUrl("orders_a"), login);
        Statement statement = connection.createStatement()) {
      statement.execute("create table t (id int primary key)");
      statement.execute("insert into t values (42)");
      try (ResultSet rows = statement.executeQuery("select id, current_user from t")) {
        assertTrue(rows.next());
        assertEquals(42, rows.getInt(1));
        assertEquals("orders", rows.getString(2));
      }
    }
  }

  @Test
  void rejectsDatabaseNamesThatAreNotPlainIdentifiers() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> infrastructure.createDatabase("Orders\"--", "orders"));
    assertTrue(failure.getMessage().contains("identifier"), failure.getMessage());
  }

  @Test
  void createsEveryContractTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
    List<AsyncApiContract.Topic> topics = AsyncApiContract.load().topics();
    assertEquals(8, topics.size());
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", infrastructure.kafkaBootstrapServers()))) {
      Map<String, TopicDescription> described =
          admin
              .describeTopics(topics.stream().map(AsyncApiContract.Topic::name).toList())
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      for (AsyncApiContract.Topic topic : topics) {
        assertEquals(
            topic.partitions(), described.get(topic.name()).partitions().size(), topic.name());
        Config config =
            admin
                .describeConfigs(
                    List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())))
                .all()
                .get(30, TimeUnit.SECONDS)
                .values()
                .iterator()
                .next();
        assertEquals(
            topic.compacted() ? "compact" : "delete",
            config.get("cleanup.policy").value(),
            topic.name());
        if (topic.compacted()) {
          // Short segments: what a starting consumer replays stays near one record per key.
          assertEquals("600000", config.get("segment.ms").value(), topic.name());
        }
      }
      assertFalse(described.isEmpty());
    }
  }

  private static Map<String, Object> externalClient(String user, String password) {
    Map<String, Object> config =
        new java.util.HashMap<>(infrastructure.externalKafkaClient(user, password));
    config.put("key.serializer", StringSerializer.class.getName());
    config.put("value.serializer", StringSerializer.class.getName());
    config.put("max.block.ms", 10_000);
    config.put("delivery.timeout.ms", 10_000);
    config.put("request.timeout.ms", 5_000);
    return config;
  }

  @Test
  void aTerminalHostPublishesOnlyThroughTheEncryptedAuthenticatedListener() throws Exception {
    infrastructure.kafkaUser("vps-test", "Host pass phrase 1");
    try (KafkaProducer<String, String> host =
        new KafkaProducer<>(externalClient("vps-test", "Host pass phrase 1"))) {
      host.send(new ProducerRecord<>("price.bars", "EURUSD:M1", "{}")).get(15, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, String> intruder =
        new KafkaProducer<>(externalClient("vps-test", "guessed"))) {
      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () ->
                  intruder
                      .send(new ProducerRecord<>("price.bars", "EURUSD:M1", "{}"))
                      .get(15, TimeUnit.SECONDS));
      assertTrue(
          refused.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException
              || refused.getCause() instanceof org.apache.kafka.common.errors.TimeoutException,
          refused.getCause().toString());
    }
    // The broker says so in its log, naming the listener's mechanism.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () ->
                java.nio.file.Files.readString(Path.of("target", "infra-test.log"))
                    .contains("Failed authentication"));
  }

  @Test
  void aTerminalHostsDatabaseLoginNeedsTlsAndItsPassword() throws Exception {
    infrastructure.createDatabase("price", "price");
    infrastructure.remoteRole("price_vps_test", "price", "Db pass phrase 1");
    String url = "jdbc:postgresql://127.0.0.1:" + infrastructure.postgresPort() + "/price?sslmode=";
    String tls = "verify-full&sslrootcert=" + infrastructure.trustedCertificate();
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(url + tls, "price_vps_test", "Db pass phrase 1");
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet rows =
            statement.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
      assertTrue(rows.next() && rows.getBoolean(1), "the session is encrypted");
    }
    assertThrows(
        java.sql.SQLException.class,
        () ->
            java.sql.DriverManager.getConnection(
                    url + "disable", "price_vps_test", "Db pass phrase 1")
                .close());
    assertThrows(
        java.sql.SQLException.class,
        () -> java.sql.DriverManager.getConnection(url + tls, "price_vps_test", "guessed").close());
  }
}
