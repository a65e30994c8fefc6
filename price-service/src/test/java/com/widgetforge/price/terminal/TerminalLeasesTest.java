package com.widgetforge.price.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
class TerminalLeasesTest {

  @Inject TerminalRegistry registry;
  @Inject TerminalLeases leases;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  private static boolean tryLock(Connection other, String terminal) throws Exception {
    try (PreparedStatement lock = other.prepareStatement("select pg_try_advisory_lock(?)")) {
      lock.setLong(1, TerminalLeases.key(terminal));
      try (ResultSet result = lock.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  @Test
  void thisInstanceHoldsEveryConfiguredTerminalSoNoOtherReplicaCanPollIt() throws Exception {
    assertEquals(Set.of("sim-1", "sim-2"), leases.held());
    assertFalse(registry.standby());
    try (Connection otherReplica = DriverManager.getConnection(url, user, "")) {
      assertFalse(tryLock(otherReplica, "sim-1"), "another replica must not get sim-1");
      assertFalse(tryLock(otherReplica, "sim-2"));
      assertTrue(tryLock(otherReplica, "sim-9"), "an unconfigured terminal is free");
    }
  }

  @Test
  void keysAreStableAndDistinct() {
    assertEquals(TerminalLeases.key("sim-1"), TerminalLeases.key("sim-1"));
    assertTrue(TerminalLeases.key("sim-1") != TerminalLeases.key("sim-2"));
  }
}
