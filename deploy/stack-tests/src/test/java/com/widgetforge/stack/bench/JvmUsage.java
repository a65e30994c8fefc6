package com.widgetforge.stack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and resident memory of the stack's JVMs and of this one, from {@code /proc}: a sample
 * before a run and one after give each process's CPU use over the run.
 */
final class JvmUsage {

  /** Linux's clock ticks per second for {@code /proc/<pid>/stat} times. */
  private static final double TICKS = 100.0;

  private final Map<String, long[]> byName = new LinkedHashMap<>();
  private final long at = System.nanoTime();

  private JvmUsage() {}

  /** CPU ticks and RSS of each of {@code pids} and of this JVM, named by their module. */
  static JvmUsage sample(List<Long> pids) throws IOException {
    JvmUsage usage = new JvmUsage();
    for (long pid : pids) {
      usage.add(nameOf(pid), pid);
    }
    usage.add("load-generator", ProcessHandle.current().pid());
    return usage;
  }

  private void add(String name, long pid) throws IOException {
    Path proc = Path.of("/proc", String.valueOf(pid));
    if (!Files.exists(proc)) {
      return;
    }
    String stat = Files.readString(proc.resolve("stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    byName.merge(
        name, new long[] {cpu, rssKb(pid)}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
  }

  /** Resident memory of process {@code pid}, in KB. */
  static long rssKb(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
        .findFirst()
        .orElse(0);
  }

  /** The module a stack process runs, or infrastructure (PostgreSQL and Kafka's JVM). */
  static String nameOf(long pid) throws IOException {
    String command = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"));
    for (String module :
        List.of("gateway", "price-service", "widget-service", "account-service", "auth-service")) {
      if (command.contains("/" + module + "/target/")) {
        return module;
      }
    }
    return "infrastructure";
  }

  /** Each process's CPU (% of one core) between {@code before} and now, and its RSS now. */
  ObjectNode since(JvmUsage before) {
    double seconds = (at - before.at) / 1e9;
    ObjectNode out = new ObjectMapper().createObjectNode();
    byName.forEach(
        (name, now) -> {
          long[] then = before.byName.getOrDefault(name, new long[] {now[0], 0});
          ObjectNode one = out.putObject(name);
          one.put("cpu_percent", Math.round((now[0] - then[0]) / TICKS / seconds * 1000) / 10.0);
          one.put("rss_mb", now[1] / 1024);
        });
    return out;
  }
}
