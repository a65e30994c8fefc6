package com.widgetforge.stack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.stack.StackFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The widget render figures of docs/BENCHMARKS.md: a 10-symbol ticker and a quote card, loaded
 * open-loop through the gateway, each response's {@code Server-Timing: render;dur=} (server time to
 * render the page) and the client-observed latency. Writes target/benchmarks/widget-render.json.
 * Run: mvn -pl deploy/stack-tests -Pbench verify -Dtest=WidgetRenderBenchmarkTest
 */
@Tag("bench")
class WidgetRenderBenchmarkTest {

  static final String TEN_SYMBOLS =
      "EURUSD,GBPUSD,USDJPY,USDCHF,AUDUSD,USDCAD,XAUUSD,XAGUSD,US30,BTCUSD";

  private static final Pattern RENDER = Pattern.compile("render;dur=([0-9.]+)");
  private static final int RATE = Integer.getInteger("bench.rate", 100);
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
  private static final Duration WARM_UP =
      Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 20));

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void tickerAndQuoteRenderTimeThroughTheGateway() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (LocalStack stack = StackFixture.start("bench-render")) {
      HttpClient http =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
      URI ticker = URI.create(stack.gatewayUrl() + "/widgets/ticker?symbols=" + TEN_SYMBOLS);
      URI quote = URI.create(stack.gatewayUrl() + "/widgets/quote?symbol=EURUSD");
      // Every symbol has a live price (not the "–" of a symbol without one), as in production.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !get(http, ticker).body().contains("–"));

      ObjectNode report = BenchReport.start();
      report.put("rate_rps", RATE);
      report.put("seconds", RUN.toSeconds());
      report.put("warmup_seconds_each", WARM_UP.toSeconds());
      // Warm-up: JIT, template and connection pools.
      load(http, ticker, WARM_UP);
      load(http, quote, WARM_UP);
      report.set("ticker_10_symbols", load(http, ticker, RUN));
      report.set("quote_EURUSD", load(http, quote, RUN));

      BenchReport.write("widget-render", report);
    } finally {
      threads.shutdownNow();
    }
  }

  /** One open-loop run: client latency from {@link LoadRun}, server render time from headers. */
  private ObjectNode load(HttpClient http, URI uri, Duration length) throws Exception {
    int total = (int) (RATE * length.toSeconds());
    double[] render = new double[total];
    Arrays.fill(render, Double.NaN);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Accept-Encoding", "gzip")
            .timeout(Duration.ofSeconds(10))
            .build();
    LoadRun.Result client =
        LoadRun.run(
            http,
            request,
            RATE,
            length,
            (index, response) ->
                render[index] =
                    response
                        .headers()
                        .firstValue("Server-Timing")
                        .map(RENDER::matcher)
                        .filter(Matcher::find)
                        .map(m -> Double.parseDouble(m.group(1)))
                        .orElse(Double.NaN));
    assertEquals(0, client.errors(), "errors loading " + uri);
    double[] server = Arrays.stream(render).filter(d -> !Double.isNaN(d)).sorted().toArray();
    assertEquals(total, server.length, "responses without Server-Timing render;dur from " + uri);
    ObjectNode result = json.createObjectNode();
    result.put("requests", total);
    result.put("server_render_p50_ms", round(server[(int) (total * 0.50)]));
    result.put("server_render_p99_ms", round(server[(int) Math.ceil(total * 0.99) - 1]));
    result.put("server_render_max_ms", round(server[total - 1]));
    result.set("client", json.valueToTree(client));
    assertTrue(server.length > 0);
    return result;
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double round(double millis) {
    return Math.round(millis * 1000) / 1000.0;
  }
}
