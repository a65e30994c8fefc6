package com.widgetforge.stack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.stack.StackFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tick-to-browser figure of docs/BENCHMARKS.md: 1,000 WebSocket clients on {@code
 * /ws/price-stream} through the gateway, each subscribed to a few symbols; for every tick received,
 * latency is the receiver's wall clock minus the tick's {@code timeMsc} (stamped by price-service
 * at poll, on the same machine's clock). Clients are Vert.x WebSockets on two event loops, so the
 * load generator stays small next to the stack. Writes target/benchmarks/price-stream.json. Run:
 * mvn -pl deploy/stack-tests -Pbench verify -Dtest=PriceStreamBenchmarkTest
 */
@Tag("bench")
class PriceStreamBenchmarkTest {

  private static final int CLIENTS = Integer.getInteger("bench.clients", 1000);
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
  private static final String SUBSCRIBE =
      "{\"subscribe\":[\"EURUSD\",\"GBPUSD\",\"XAUUSD\",\"BTCUSD\"]}";
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
  void tickToBrowserLatencyForAThousandSocketsThroughTheGateway() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (LocalStack stack = StackFixture.start("bench-stream")) {
      URI gateway = URI.create(stack.gatewayUrl());
      WebSocketClient client =
          vertx.createWebSocketClient(
              new WebSocketClientOptions()
                  .setMaxConnections(CLIENTS * 2)
                  .setConnectTimeout(10_000)
                  .setIdleTimeout(0));
      WebSocketConnectOptions connect =
          new WebSocketConnectOptions()
              .setHost(gateway.getHost())
              .setPort(gateway.getPort())
              .setURI("/ws/price-stream")
              .setTimeout(20_000);
      AtomicInteger subscribed = new AtomicInteger();
      AtomicInteger closed = new AtomicInteger();
      Map<String, Integer> closeReasons = new ConcurrentHashMap<>();
      List<String> failures = new ArrayList<>();
      List<WebSocket> sockets = new ArrayList<>();
      long connectStart = System.nanoTime();
      // In batches of 50, as a crowd of browsers arrives, not 1,000 handshakes at one instant.
      for (int batch = 0; batch < CLIENTS; batch += 50) {
        List<Future<WebSocket>> opening = new ArrayList<>();
        for (int i = batch; i < Math.min(CLIENTS, batch + 50); i++) {
          int index = i;
          opening.add(
              client
                  .connect(connect)
                  .onSuccess(
                      socket -> {
                        long opened = System.nanoTime();
                        AtomicInteger ticks = new AtomicInteger();
                        socket.closeHandler(
                            ignored -> {
                              if (measuring) {
                                closed.incrementAndGet();
                                closeReasons.merge(
                                    socket.closeStatusCode()
                                        + " "
                                        + socket.closeReason()
                                        + " (socket "
                                        + index
                                        + ", after "
                                        + (System.nanoTime() - opened) / 1_000_000_000
                                        + " s)",
                                    1,
                                    Integer::sum);
                              }
                            });
                        socket.exceptionHandler(
                            error -> closeReasons.merge("error: " + error, 1, Integer::sum));
                        socket.textMessageHandler(
                            text -> {
                              if (text.startsWith(TICK)) {
                                if (ticks.getAndIncrement() == 0) {
                                  subscribed.incrementAndGet();
                                }
                                record(text);
                              }
                            });
                        socket.writeTextMessage(SUBSCRIBE);
                      }));
        }
        for (Future<WebSocket> future : opening) {
          try {
            sockets.add(future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
          } catch (Exception e) {
            synchronized (failures) {
              failures.add(String.valueOf(e.getCause() == null ? e : e.getCause()));
            }
          }
        }
      }
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      assertEquals(
          CLIENTS,
          sockets.size(),
          "connected "
              + sockets.size()
              + " of "
              + CLIENTS
              + "; first failures: "
              + first(failures));
      // Every socket has had a tick of its own: subscribed and flowing end to end.
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> subscribed.get() == CLIENTS);

      measuring = true;
      long start = System.nanoTime();
      Awaitility.await().pollDelay(RUN).atMost(RUN.plusSeconds(1)).until(() -> true);
      measuring = false;
      double seconds = (System.nanoTime() - start) / 1e9;
      int open = (int) sockets.stream().filter(socket -> !socket.isClosed()).count();

      ObjectNode report = BenchReport.start();
      report.put("clients", CLIENTS);
      report.put("connected", sockets.size());
      report.put("connect_seconds", Math.round(connectSeconds * 10) / 10.0);
      report.put("open_at_end", open);
      report.put("closed_during_run", closed.get());
      report.set("close_reasons", json.valueToTree(closeReasons));
      report.put("subscription", SUBSCRIBE);
      report.put("seconds", Math.round(seconds * 10) / 10.0);
      report.put("ticks_received", received.get());
      report.put("ticks_per_second", Math.round(received.get() / seconds));
      report.put("negative_latencies_counted_as_0", negative.get());
      report.put("latency_p50_ms", percentile(0.50));
      report.put("latency_p90_ms", percentile(0.90));
      report.put("latency_p99_ms", percentile(0.99));
      report.put("latency_max_ms", percentile(1.0));

      BenchReport.write("price-stream", report);
      assertTrue(received.get() > 0, "no ticks received");
      sockets.forEach(WebSocket::close);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> sockets.stream().allMatch(WebSocket::isClosed));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
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

  private static String first(List<String> failures) {
    synchronized (failures) {
      return failures.subList(0, Math.min(5, failures.size())).toString();
    }
  }
}
