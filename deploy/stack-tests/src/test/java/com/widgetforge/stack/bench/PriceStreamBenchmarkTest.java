package com.widgetforge.stack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.stack.StackFixture;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The tick-to-browser figures of docs/BENCHMARKS.md: {@code bench.clients} WebSocket clients
 * (1,000) on {@code /ws/price-stream}, through the gateway or straight to widget-service ({@code
 * bench.path}: gateway or direct), each subscribed to {@code bench.symbols} (EURUSD,GBPUSD); for
 * every tick received, latency is the receiver's wall clock minus the tick's {@code timeMsc}
 * (stamped by price-service at poll, on the same machine's clock). Offered is what price-service
 * published for those symbols on {@code price.ticks} meanwhile, times the clients. Also each JVM's
 * CPU and RSS over the run. Clients are Vert.x WebSockets on two event loops, so the load generator
 * stays small next to the stack. Writes target/benchmarks/price-stream-{path}-{clients}.json. Run:
 * mvn -pl deploy/stack-tests -Pbench verify -Dtest=PriceStreamBenchmarkTest [-Dbench.clients=N]
 * [-Dbench.path=direct]
 *
 * <p>With {@code -Dbench.idle-sockets=N} it measures instead the heap that N open, subscribed, idle
 * sockets cost one widget-service (restarted with {@code bench.idle-heap}, 1g).
 */
@Tag("bench")
class PriceStreamBenchmarkTest {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 1000);
  private static final String PATH = System.getProperty("bench.path", "gateway");
  private static final List<String> SYMBOLS =
      List.of(System.getProperty("bench.symbols", "EURUSD,GBPUSD").split(","));
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
  private static final String SUBSCRIBE =
      "{\"subscribe\":[\"" + String.join("\",\"", SYMBOLS) + "\"]}";
  private static final String TICK = "{\"type\":\"tick\"";
  private static final String TIME = "\"timeMsc\":";

  /** Latency histogram in whole milliseconds (the clocks' resolution); the last bucket is ≥. */
  private static final int BUCKETS = 60_001;

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong negative = new AtomicLong();
  private volatile boolean measuring;

  @Test
  @DisabledIfSystemProperty(named = "bench.idle-sockets", matches = "[1-9][0-9]*")
  void tickToBrowserLatency() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (LocalStack stack = StackFixture.start("bench-stream");
        OfferedTicks offered =
            new OfferedTicks(stack.infrastructure().kafkaBootstrapServers(), SYMBOLS)) {
      URI target =
          URI.create(
              PATH.equals("direct")
                  ? stack.component("widget-service").baseUrl()
                  : stack.gatewayUrl());
      AtomicInteger subscribed = new AtomicInteger();
      Map<String, Integer> closeReasons = new ConcurrentHashMap<>();
      long connectStart = System.nanoTime();
      List<WebSocket> sockets =
          open(
              vertx,
              target,
              CLIENTS,
              closeReasons,
              () -> {
                AtomicInteger ticks = new AtomicInteger();
                return text -> {
                  if (text.startsWith(TICK)) {
                    if (ticks.getAndIncrement() == 0) {
                      subscribed.incrementAndGet();
                    }
                    record(text);
                  }
                };
              });
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      // Every socket has had a tick of its own: subscribed and flowing end to end.
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> subscribed.get() == CLIENTS);

      JvmUsage before = JvmUsage.sample(stack.pids());
      offered.start();
      measuring = true;
      long start = System.nanoTime();
      Awaitility.await().pollDelay(RUN).atMost(RUN.plusSeconds(1)).until(() -> true);
      measuring = false;
      long published = offered.stop();
      double seconds = (System.nanoTime() - start) / 1e9;
      JvmUsage after = JvmUsage.sample(stack.pids());
      int open = (int) sockets.stream().filter(socket -> !socket.isClosed()).count();

      ObjectNode report = BenchReport.start();
      report.put("path", PATH);
      report.put("clients", CLIENTS);
      report.put("connect_seconds", Math.round(connectSeconds * 10) / 10.0);
      report.put("open_at_end", open);
      report.set("close_reasons", json.valueToTree(closeReasons));
      report.put("subscription", SUBSCRIBE);
      report.put("seconds", Math.round(seconds * 10) / 10.0);
      report.put(
          "published_ticks_per_second_per_socket", Math.round(published / seconds * 10) / 10.0);
      report.put("offered_ticks_per_second", Math.round(published * (double) CLIENTS / seconds));
      report.put("ticks_received", received.get());
      report.put("ticks_per_second", Math.round(received.get() / seconds));
      report.put(
          "delivered_over_offered",
          published == 0
              ? 0
              : Math.round(received.get() * 1000.0 / (published * CLIENTS)) / 1000.0);
      report.put("negative_latencies_counted_as_0", negative.get());
      report.put("latency_p50_ms", percentile(0.50));
      report.put("latency_p90_ms", percentile(0.90));
      report.put("latency_p99_ms", percentile(0.99));
      report.put("latency_p999_ms", percentile(0.999));
      report.put("latency_max_ms", percentile(1.0));
      report.put("broker_consumer_p50_ms", offered.brokerLatency(0.50));
      report.put("broker_consumer_p99_ms", offered.brokerLatency(0.99));
      report.set("jvms", after.since(before));

      BenchReport.write("price-stream-" + PATH + "-" + CLIENTS, report);
      assertTrue(received.get() > 0, "no ticks received");
      close(sockets);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The heap of {@code bench.idle-sockets} open sockets, each subscribed to one symbol, on one
   * widget-service: its heap after a full GC with them, minus before them, per socket.
   */
  @Test
  @EnabledIfSystemProperty(named = "bench.idle-sockets", matches = "[1-9][0-9]*")
  void heapPerIdleSocket() throws Exception {
    int count = Integer.getInteger("bench.idle-sockets");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (LocalStack stack = StackFixture.start("bench-idle")) {
      stack.stopService("widget-service");
      stack.startService(
          "widget-service",
          Map.of(
              LocalStack.EXTRA_JVM_OPTIONS,
              "-Xmx" + System.getProperty("bench.idle-heap", "1g"),
              "WIDGET_STREAM_IDLE_TIMEOUT",
              "10m"));
      long pid = widgetServicePid(stack);
      long empty = heapAfterGc(pid);
      Map<String, Long> emptyClasses = histogram(pid);
      Map<String, Integer> closeReasons = new ConcurrentHashMap<>();
      long connectStart = System.nanoTime();
      List<WebSocket> sockets =
          open(
              vertx,
              URI.create(stack.component("widget-service").baseUrl()),
              count,
              closeReasons,
              () -> text -> {});
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      long full = heapAfterGc(pid);
      Map<String, Long> fullClasses = histogram(pid);
      int open = (int) sockets.stream().filter(socket -> !socket.isClosed()).count();
      ObjectNode report = BenchReport.start();
      report.put("sockets", count);
      report.put("open_after_gc", open);
      report.set("close_reasons", json.valueToTree(closeReasons));
      report.put("connect_seconds", Math.round(connectSeconds * 10) / 10.0);
      report.put("heap_without_sockets_mb", empty / 1024 / 1024);
      report.put("heap_with_sockets_mb", full / 1024 / 1024);
      report.put("heap_per_socket_kb", Math.round((full - empty) / (double) count / 102.4) / 10.0);
      report.put("widget_service_rss_mb", JvmUsage.rssKb(pid) / 1024);
      // Where a socket's heap goes: the classes that grew most, in bytes per socket.
      ObjectNode perSocket = report.putObject("bytes_per_socket_by_class");
      fullClasses.entrySet().stream()
          .map(e -> Map.entry(e.getKey(), e.getValue() - emptyClasses.getOrDefault(e.getKey(), 0L)))
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(25)
          .forEach(e -> perSocket.put(e.getKey(), Math.round(e.getValue() / (double) count)));
      BenchReport.write("price-stream-idle-" + count, report);
      assertEquals(count, open, "every socket stays open");
      close(sockets);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Opens {@code count} sockets to {@code /ws/price-stream} at {@code target}, in batches of 50 as
   * a crowd of browsers arrives, each subscribing to {@link #SUBSCRIBE} and handing its messages to
   * a handler of its own; fails unless all open.
   */
  private static List<WebSocket> open(
      Vertx vertx,
      URI target,
      int count,
      Map<String, Integer> closeReasons,
      Supplier<Handler<String>> handlers)
      throws Exception {
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(count * 2)
                .setConnectTimeout(10_000)
                .setIdleTimeout(0));
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions()
            .setHost(target.getHost())
            .setPort(target.getPort())
            .setURI("/ws/price-stream")
            .setConnectTimeout(20_000);
    List<String> failures = new ArrayList<>();
    List<WebSocket> sockets = new ArrayList<>();
    for (int batch = 0; batch < count; batch += 50) {
      List<Future<WebSocket>> opening = new ArrayList<>();
      for (int i = batch; i < Math.min(count, batch + 50); i++) {
        opening.add(
            client
                .connect(connect)
                .onSuccess(
                    socket -> {
                      socket.closeHandler(
                          ignored ->
                              closeReasons.merge(
                                  socket.closeStatusCode() + " " + socket.closeReason(),
                                  1,
                                  Integer::sum));
                      socket.exceptionHandler(
                          error -> closeReasons.merge("error: " + error, 1, Integer::sum));
                      socket.textMessageHandler(handlers.get());
                      socket.writeTextMessage(SUBSCRIBE);
                    }));
      }
      for (Future<WebSocket> future : opening) {
        try {
          sockets.add(future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
          failures.add(String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
      }
    }
    assertEquals(
        count,
        sockets.size(),
        "connected "
            + sockets.size()
            + " of "
            + count
            + "; first failures: "
            + failures.subList(0, Math.min(5, failures.size())));
    return sockets;
  }

  private static void close(List<WebSocket> sockets) {
    sockets.forEach(WebSocket::close);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sockets.stream().allMatch(WebSocket::isClosed));
  }

  private static long widgetServicePid(LocalStack stack) throws Exception {
    for (long pid : stack.pids()) {
      String command = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"));
      if (command.contains("/widget-service/target/")) {
        return pid;
      }
    }
    throw new AssertionError("no widget-service process");
  }

  /** Heap in use (bytes) of JVM {@code pid} after a full GC: jcmd GC.run, then jstat's columns. */
  private static long heapAfterGc(long pid) throws Exception {
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();
    run(bin + "/jcmd", String.valueOf(pid), "GC.run");
    String[] lines = run(bin + "/jstat", "-gc", String.valueOf(pid)).strip().split("\n");
    List<String> names = List.of(lines[0].trim().split("\\s+"));
    String[] values = lines[1].trim().split("\\s+");
    double kb = 0;
    for (String used : List.of("S0U", "S1U", "EU", "OU")) {
      kb += Double.parseDouble(values[names.indexOf(used)]);
    }
    return (long) (kb * 1024);
  }

  /** Bytes of live objects by class in JVM {@code pid} (jcmd GC.class_histogram, after a GC). */
  private static Map<String, Long> histogram(long pid) throws Exception {
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();
    Map<String, Long> bytes = new java.util.HashMap<>();
    for (String line : run(bin + "/jcmd", String.valueOf(pid), "GC.class_histogram").split("\n")) {
      String[] cells = line.trim().split("\\s+");
      if (cells.length >= 4 && cells[0].endsWith(":")) {
        bytes.merge(cells[3], Long.parseLong(cells[2]), Long::sum);
      }
    }
    return bytes;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + ": " + out);
    }
    return out;
  }

  /** Latency of one tick message: now minus its {@code timeMsc}, without parsing the JSON. */
  private void record(String text) {
    long now = System.currentTimeMillis();
    if (!measuring) {
      return;
    }
    int at = text.indexOf(TIME);
    if (at < 0) {
      throw new AssertionError("tick without timeMsc: " + text);
    }
    long timeMsc = 0;
    for (int i = at + TIME.length(); i < text.length() && Character.isDigit(text.charAt(i)); i++) {
      timeMsc = timeMsc * 10 + (text.charAt(i) - '0');
    }
    long latency = now - timeMsc;
    if (latency < 0) {
      negative.incrementAndGet();
      latency = 0;
    }
    histogram.incrementAndGet((int) Math.min(BUCKETS - 1, latency));
    received.incrementAndGet();
  }

  /** The smallest latency (ms) at or under which {@code fraction} of the ticks arrived. */
  private long percentile(double fraction) {
    long total = received.get();
    long wanted = Math.max(1, (long) Math.ceil(total * fraction));
    long seen = 0;
    for (int ms = 0; ms < BUCKETS; ms++) {
      seen += histogram.get(ms);
      if (seen >= wanted) {
        return ms;
      }
    }
    return BUCKETS - 1;
  }
}
