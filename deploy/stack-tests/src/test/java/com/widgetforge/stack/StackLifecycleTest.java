package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the infrastructure for real (the broker stops: every service leaves readiness;
 * it starts again: every service comes back by itself), and stopping the suite leaves nothing
 * behind.
 *
 * <p>It ends the shared suite, so it runs after every other class ({@code @Order}, with the class
 * orderer of {@code junit-platform.properties}).
 */
@Order(Integer.MAX_VALUE)
class StackLifecycleTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private CompletableFuture<HttpResponse<String>> readyAsync(LocalStack stack, String service) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(stack.component(service).baseUrl() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(15))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> ready(LocalStack stack, String service) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(stack.component(service).baseUrl() + "/q/health/ready"))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(service + " did not answer", e);
    }
  }

  @Test
  void aStoppedBrokerTakesEveryServiceOutOfReadinessUntilItIsBackAndStoppingLeavesNoProcess()
      throws Exception {
    LocalStack stack = StackFixture.shared();
    List<Long> pids;
    try {
      pids = new java.util.ArrayList<>(stack.pids());
      // PostgreSQL runs daemonized (pg_ctl): find its postmaster by the port it serves.
      String port = " -p " + stack.infrastructure().postgresPort() + " ";
      ProcessHandle.allProcesses()
          .filter(
              process ->
                  process
                      .info()
                      .commandLine()
                      .map(line -> line.contains("postgres") && line.contains(port))
                      .orElse(false))
          .forEach(postmaster -> pids.add(postmaster.pid()));
      assertTrue(
          pids.size() >= 7, "expected infrastructure, PostgreSQL, four services, gateway: " + pids);
      for (String service : LocalStack.SERVICES) {
        HttpResponse<String> ready = ready(stack, service);
        assertTrue(ready.statusCode() == 200, service + ": " + ready.body());
      }

      stack.infrastructure().stopKafka();

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                // Asked together: each probe takes up to the 5 s Kafka health timeout.
                Map<String, CompletableFuture<HttpResponse<String>>> probes = new LinkedHashMap<>();
                LocalStack.SERVICES.forEach(
                    service -> probes.put(service, readyAsync(stack, service)));
                for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> probe :
                    probes.entrySet()) {
                  HttpResponse<String> ready = probe.getValue().join();
                  assertTrue(
                      ready.statusCode() == 503, probe.getKey() + " still ready: " + ready.body());
                  assertTrue(ready.body().contains("Kafka connection health check"), ready.body());
                }
              });

      // The broker comes back: every service recovers on its own, none restarts.
      List<Long> before = stack.pids();
      stack.infrastructure().startKafka();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                for (String service : LocalStack.SERVICES) {
                  HttpResponse<String> ready = ready(stack, service);
                  assertTrue(ready.statusCode() == 200, service + ": " + ready.body());
                }
              });
      assertEquals(before, stack.pids(), "no process was restarted");
    } finally {
      StackFixture.closeShared();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              for (long pid : pids) {
                assertFalse(running(pid), "process " + pid + " outlived the stack");
              }
            });
  }

  /** Alive and not merely a zombie waiting for whichever process adopted it to reap it. */
  private static boolean running(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat =
          java.nio.file.Files.readString(
              java.nio.file.Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException gone) {
      return false;
    }
  }
}
