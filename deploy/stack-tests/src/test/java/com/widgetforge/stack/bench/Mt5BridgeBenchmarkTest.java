package com.widgetforge.stack.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.stack.StackFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Poll-to-publish latency through the production MT5 bridge (JNA, mt5bridge.c, a worker process,
 * mt5worker.py and the MetaTrader5 package's double) next to the simulator's, in one price-service,
 * both polling eight symbols every 250 ms. Writes target/benchmarks/mt5-bridge.json. Run: mvn -pl
 * deploy/stack-tests -Pbench verify -Dtest=Mt5BridgeBenchmarkTest
 */
@Tag("bench")
class Mt5BridgeBenchmarkTest {

  private static final List<String> BASES =
      List.of("EURUSD", "GBPUSD", "USDJPY", "XAUUSD", "XAGUSD", "US30", "BTCUSD", "ETHUSD");

  /** Longer than Micrometer's 2-minute percentile window, so start-up is out of the figures. */
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.idle-seconds", 130));

  @Test
  void pollToPublishThroughTheProductionBridgeAndTheSimulator() throws Exception {
    Path dir = Path.of("target", "mt5-double-bench").toAbsolutePath();
    Files.createDirectories(dir);
    List<Map<String, Object>> symbols = new ArrayList<>();
    for (String base : BASES) {
      // Names of their own (Z...), so that neither terminal takes the other's symbols over.
      symbols.add(Map.of("name", "Z" + base, "base", base, "visible", true));
    }
    Map<String, Object> terminal =
        Map.of("login", 50012345, "password", "Investor pass 1", "zone", "EET", "symbols", symbols);
    Files.writeString(
        dir.resolve("config.json"),
        new ObjectMapper()
            .writeValueAsString(Map.of("terminals", Map.of("C:/MT5/terminal64.exe", terminal))));
    Map<String, String> env = new HashMap<>();
    env.put("PRICE_TERMINALS_SIM_1_SYMBOLS", String.join(",", BASES));
    env.put("PRICE_TERMINALS_MT5_ADAPTER", "jna");
    env.put(
        "PRICE_TERMINALS_MT5_LIBRARY",
        StackFixture.ROOT
            .resolve("price-service/target/native/linux-x86_64/libmt5bridge.so")
            .toString());
    env.put("PRICE_TERMINALS_MT5_PATH", "C:/MT5/terminal64.exe");
    env.put("PRICE_TERMINALS_MT5_LOGIN", "50012345");
    env.put("PRICE_TERMINALS_MT5_PASSWORD", "Investor pass 1");
    env.put("PRICE_TERMINALS_MT5_SERVER", "MetaQuotes-Demo");
    env.put("PRICE_TERMINALS_MT5_SERVER_ZONE", "EET");
    env.put("PYTHONPATH", StackFixture.ROOT.resolve("price-service/src/test/python").toString());
    env.put("MT5_DOUBLE_CONFIG", dir.resolve("config.json").toString());
    try (LocalStack stack = StackFixture.start("bench-mt5", env)) {
      HttpClient http = HttpClient.newHttpClient();
      URI metrics = URI.create(stack.component("price-service").baseUrl() + "/q/metrics");
      org.awaitility.Awaitility.await().pollDelay(RUN).atMost(RUN.plusSeconds(1)).until(() -> true);
      String body =
          http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      ObjectNode report = BenchReport.start();
      report.put("symbols_per_terminal", BASES.size());
      report.put("poll_interval_ms", 250);
      for (String id : List.of("sim-1", "mt5")) {
        report.put(id + "_poll_to_publish_p50_ms", quantile(body, id, "0.5"));
        report.put(id + "_poll_to_publish_p99_ms", quantile(body, id, "0.99"));
      }
      assertTrue(Files.size(BenchReport.write("mt5-bridge", report)) > 0);
    }
  }

  private static double quantile(String metrics, String terminal, String quantile) {
    // One sample line; its labels come in no promised order.
    for (String line : metrics.split("\n")) {
      if (line.startsWith("widgetforge_terminal_poll_to_publish_seconds{")
          && line.contains("quantile=\"" + quantile + "\"")
          && line.contains("terminal=\"" + terminal + "\"")) {
        double seconds = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        return Math.round(seconds * 1e5) / 100.0;
      }
    }
    throw new AssertionError("no poll-to-publish quantile " + quantile + " of " + terminal);
  }
}
