package com.widgetforge.stack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.devstack.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A benchmark's results file: the machine and time first, the figures, the machine's load. */
final class BenchReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchReport() {}

  /** A report that already says on what and when it was measured. */
  static ObjectNode start() {
    ObjectNode report = JSON.createObjectNode();
    report.put(
        "machine",
        Runtime.getRuntime().availableProcessors()
            + " cores, "
            + System.getProperty("java.version")
            + ", services "
            + LocalStack.JVM_OPTIONS);
    report.put("when", Instant.now().toString());
    return report;
  }

  /**
   * Adds the machine's load (1, 5, 15 minutes: how busy the shared machine was meanwhile) and
   * writes target/benchmarks/{name}.json; prints where.
   */
  static Path write(String name, ObjectNode report) throws IOException {
    report.put("loadavg_at_end", Files.readString(Path.of("/proc/loadavg")).strip());
    Path out = Path.of("target", "benchmarks", name + ".json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    System.out.println(
        name + " benchmark: " + out.toAbsolutePath() + "\n" + report.toPrettyString());
    return out;
  }
}
