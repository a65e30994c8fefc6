package com.widgetforge.stack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.stack.StackFixture;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Heap per open, idle widget socket on one widget-service ({@code bench.idle-sockets}, 10,000;
 * widget-service restarted with {@code bench.idle-heap}, 1g). Writes
 * target/benchmarks/price-stream-idle-{N}.json. Run: mvn -pl deploy/devstack,deploy/stack-tests
 * -Pbench verify -Dtest=IdleSocketsBenchmarkTest [-Dbench.idle-sockets=N]
 */
@Tag("bench")
class IdleSocketsBenchmarkTest {

  /** A symbol no terminal quotes. */
  private static final String SUBSCRIBE = "{\"subscribe\":[\"IDLE\"]}";

  private final ObjectMapper json = new ObjectMapper();

  /**
   * The heap of {@code bench.idle-sockets} open sockets on one widget-service, each subscribed to a
   * symbol no terminal quotes (so nothing flows: idle, as the name says): its heap after a full GC
   * with them, minus before them, per socket.
   */
  @Test
  void heapPerIdleSocket() throws Exception {
    int count = Integer.getInteger("bench.idle-sockets", 10_000);
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
          PriceStreamBenchmarkTest.open(
              vertx,
              URI.create(stack.component("widget-service").baseUrl()),
              count,
              SUBSCRIBE,
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
      PriceStreamBenchmarkTest.close(sockets);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
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
}
