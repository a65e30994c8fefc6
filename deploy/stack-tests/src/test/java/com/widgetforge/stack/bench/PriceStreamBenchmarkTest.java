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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * [-Dbench.path=direct] [-Dbench.profile=widget-service,gateway]
 *
 * <p>{@code bench.profile} names the services whose CPU is profiled over the run ({@link
 * CpuProfile}); their hottest methods go into the results file.
 */
@Tag("bench")
class PriceStreamBenchmarkTest {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 1000);
  private static final String PATH = System.getProperty("bench.path", "gateway");
  private static final List<String> SYMBOLS =
      List.of(System.getProperty("bench.symbols", "EURUSD,GBPUSD").split(","));
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
  private static final List<String> PROFILED =
      List.of(System.getProperty("bench.profile", "").split(",")).stream()
          .filter(name -> !name.isBlank())
          .toList();
  private static final String SUBSCRIBE =
      "{\"subscribe\":[\"" + String.join("\",\"", SYMBOLS) + "\"]}";
  private static final String TICK = "{\"type\":\"tick"; // tick or ticks
  private static final String TIME = "\"timeMsc\":";

  /** Latency histogram in whole milliseconds (the clocks' resolution); the last bucket is ≥. */
  private static final int BUCKETS = 60_001;

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong negative = new AtomicLong();
  private volatile boolean measuring;

  @Test
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
              SUBSCRIBE,
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
      Map<String, CpuProfile> profiles = new LinkedHashMap<>();
      for (long pid : stack.pids()) {
        String service = JvmUsage.nameOf(pid);
        if (PROFILED.contains(service)) {
          profiles.put(
              service,
              CpuProfile.start(pid, "price-stream-" + PATH + "-" + CLIENTS + "-" + service));
        }
      }
      offered.start();
      measuring = true;
      long start = System.nanoTime();
      Awaitility.await().pollDelay(RUN).atMost(RUN.plusSeconds(1)).until(() -> true);
      measuring = false;
      long published = offered.stop();
      double seconds = (System.nanoTime() - start) / 1e9;
      JvmUsage after = JvmUsage.sample(stack.pids());
      ObjectNode cpuProfiles = json.createObjectNode();
      for (Map.Entry<String, CpuProfile> profile : profiles.entrySet()) {
        cpuProfiles.set(profile.getKey(), profile.getValue().stop());
      }
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
      report.put("frames_per_second", Math.round(frames.get() / seconds));
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
      report.put("offered_ticks_per_consumer_poll", offered.ticksPerPoll());
      report.set("jvms", after.since(before));
      report.set("cpu_profiles", cpuProfiles);

      BenchReport.write("price-stream-" + PATH + "-" + CLIENTS, report);
      assertTrue(received.get() > 0, "no ticks received");
      close(sockets);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Opens {@code count} sockets to {@code /ws/price-stream} at {@code target}, in batches of 50 as
   * a crowd of browsers arrives, each sending {@code subscribe} and handing its messages to a
   * handler of its own; fails unless all open.
   */
  static List<WebSocket> open(
      Vertx vertx,
      URI target,
      int count,
      String subscribe,
      Map<String, Integer> closeReasons,
      Supplier<Handler<String>> handlers)
      throws Exception {
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(count * 2)
                // Offer permessage-deflate as browsers do: the server's answer is what they get.
                .setTryUsePerMessageCompression(true)
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
                      socket.writeTextMessage(subscribe);
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

  static void close(List<WebSocket> sockets) {
    sockets.forEach(WebSocket::close);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sockets.stream().allMatch(WebSocket::isClosed));
  }

  /**
   * Latency of each tick of a {@code tick} or {@code ticks} frame: now minus its {@code timeMsc},
   * without parsing the JSON.
   */
  private void record(String text) {
    long now = System.currentTimeMillis();
    if (!measuring) {
      return;
    }
    frames.incrementAndGet();
    int at = text.indexOf(TIME);
    if (at < 0) {
      throw new AssertionError("tick without timeMsc: " + text);
    }
    for (; at >= 0; at = text.indexOf(TIME, at + 1)) {
      long timeMsc = 0;
      for (int i = at + TIME.length();
          i < text.length() && Character.isDigit(text.charAt(i));
          i++) {
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
