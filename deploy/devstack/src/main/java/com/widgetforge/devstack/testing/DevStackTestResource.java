package com.widgetforge.devstack.testing;

import com.widgetforge.devstack.infra.InfrastructureProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives a service's {@code @QuarkusTest}s a live PostgreSQL and Kafka broker.
 *
 * <p>One infrastructure JVM serves the whole test JVM; each Quarkus start gets a fresh database
 * named after the service (init arg {@code service}), owned by a role of that name.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static InfrastructureProcess shared;

  private String service = "app";

  @Override
  public void init(Map<String, String> initArgs) {
    service = initArgs.getOrDefault("service", service);
  }

  @Override
  public Map<String, String> start() {
    InfrastructureProcess infrastructure = shared();
    String database = service + "_test_" + DATABASES.incrementAndGet();
    infrastructure.createDatabase(database, service);
    return Map.of(
        "quarkus.devservices.enabled",
        "false",
        "quarkus.datasource.jdbc.url",
        infrastructure.jdbcUrl(database),
        "quarkus.datasource.reactive.url",
        infrastructure.reactiveUrl(database),
        "quarkus.datasource.username",
        service,
        "kafka.bootstrap.servers",
        infrastructure.kafkaBootstrapServers());
  }

  @Override
  public void stop() {
    // The infrastructure lives as long as the test JVM: a JVM shutdown hook stops it, and if
    // the JVM is killed the child sees its stdin close and stops by itself.
  }

  /** The test JVM's infrastructure, started on first use. */
  public static synchronized InfrastructureProcess shared() {
    if (shared == null) {
      try {
        shared =
            InfrastructureProcess.start(
                InfrastructureProcess.Options.throwAway(Path.of("target", "devstack-infra.log")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      InfrastructureProcess started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-shutdown"));
    }
    return shared;
  }
}
