package com.widgetforge.devstack.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every WidgetForge service promises, whatever it does: it migrates its own database, reports
 * readiness that checks the database and Kafka, and serves metrics and OpenAPI. A service's test
 * extends this class and adds {@code @QuarkusTest} and the {@link DevStackTestResource}.
 */
public abstract class ServiceBasicsTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URL root;

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(root.toString()).resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessIsUpAndChecksTheDatabaseAndKafka() throws Exception {
    // Ready once its start-up work is done (price- and widget-service first read price.latest to
    // its end), as an orchestrator waits for it.
    HttpResponse<String> ready =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get("/q/health/ready"), response -> response.statusCode() == 200);
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"status\": \"UP\""), ready.body());
    assertTrue(ready.body().contains("Database connections health check"), ready.body());
    assertTrue(ready.body().contains("Kafka connection health check"), ready.body());
  }

  @Test
  void migratesItsOwnDatabaseWithFlyway() throws Exception {
    String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    Properties login = new Properties();
    login.put(
        "user", ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class));
    try (Connection connection = DriverManager.getConnection(url, login);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select count(*) from flyway_schema_history where success and version is not null")) {
      assertTrue(rows.next());
      assertTrue(rows.getInt(1) >= 1, "no successful versioned migration in " + url);
    }
  }

  /** The service's own metrics (Prometheus names) that /q/metrics must show from start-up. */
  protected java.util.List<String> ownMetrics() {
    return java.util.List.of();
  }

  @Test
  void servesPrometheusMetricsIncludingItsOwn() throws Exception {
    HttpResponse<String> metrics = get("/q/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "no JVM metrics");
    for (String name : ownMetrics()) {
      assertTrue(metrics.body().contains("\n" + name), "no " + name + " in /q/metrics");
    }
  }

  @Test
  void servesAnOpenApiDocument() throws Exception {
    HttpResponse<String> openapi = get("/q/openapi?format=json");
    assertEquals(200, openapi.statusCode());
    assertTrue(openapi.body().contains("\"openapi\""), openapi.body());
  }
}
