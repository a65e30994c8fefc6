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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InfrastructureProcessTest {

  private static InfrastructureProcess infrastructure;

  @BeforeAll
  static void start() throws Exception {
    infrastructure =
        InfrastructureProcess.start(
            InfrastructureProcess.Options.throwAway(Path.of("target", "infra-test.log")));
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
    assertEquals(6, topics.size());
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
      }
      assertFalse(described.isEmpty());
    }
  }
}
