package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.infra.ChildProcesses;
import com.widgetforge.devstack.infra.Ports;
import com.widgetforge.devstack.stack.LocalRunMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/run-local} as a user runs it, in a terminal: Ctrl-C stops it within 10 s and leaves
 * nothing running. It starts a local run of its own (its own data directory, any free ports), after
 * the shared suite has ended, so that the two never share the machine.
 */
@Order(Integer.MAX_VALUE)
class LocalRunInterruptTest {

  /** Issue #14: how long Ctrl-C may take to stop everything. */
  private static final Duration CTRL_C_BUDGET = Duration.ofSeconds(10);

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  /**
   * deploy/run-local's own command (its last line) with the options of this run. A terminal's
   * Ctrl-C reaches the whole foreground process group, so the run gets a group of its own ({@code
   * setsid}), with SIGINT handled as in a terminal even when this JVM was started with SIGINT
   * ignored, as a background job of a script is ({@code env --default-signal}).
   */
  private static List<String> command(Path dataDir, Path logDir, int port) throws IOException {
    Path classes = StackFixture.ROOT.resolve("deploy/devstack/target/classes");
    String classpath =
        classes
            + java.io.File.pathSeparator
            + Files.readString(classes.resolve("devstack-classpath.txt")).strip();
    return List.of(
        "setsid",
        "env",
        "--default-signal=INT",
        ChildProcesses.java(),
        "-Xmx96m",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-cp",
        classpath,
        LocalRunMain.class.getName(),
        "--root",
        StackFixture.ROOT.toString(),
        "--port",
        String.valueOf(port),
        "--data-dir",
        dataDir.toString(),
        "--log-dir",
        logDir.toString(),
        "--free-ports");
  }

  @Test
  void ctrlCStopsTheLocalRunWithinTenSecondsLeavingNothingRunning() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "run-local-");
    Path dataDir = work.resolve("data");
    Path output = work.resolve("run-local.out");
    int port = Ports.forLater();
    ProcessBuilder builder =
        new ProcessBuilder(
                command(
                    dataDir, Path.of("target", "stack-logs", "run-local").toAbsolutePath(), port))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    // As the shared suite: the services start sooner on two cores with the C1 compiler alone.
    builder
        .environment()
        .putAll(
            Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=128m"));
    Process run = builder.start();
    List<Long> pids = new ArrayList<>();
    try {
      await()
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertTrue(run.isAlive(), "run-local ended: " + Files.readString(output));
                return Files.readString(output).lines().anyMatch(l -> l.startsWith("ready: "));
              });

      pids.add(run.pid());
      run.descendants().forEach(child -> pids.add(child.pid()));
      // PostgreSQL runs daemonized (pg_ctl), outside the run's process tree: find its postmaster
      // and its backends by the data directory.
      String postgresData = dataDir.resolve("postgres").toString();
      pids.addAll(StackFixture.postgresProcesses(postgresData));
      // The launcher, the infrastructure JVM (Kafka inside), four services, the gateway,
      // PostgreSQL.
      assertTrue(pids.size() >= 8, "expected every component's process: " + pids);

      long interrupted = System.nanoTime();
      Process ctrlC = new ProcessBuilder("kill", "-INT", "--", "-" + run.pid()).start();
      assertEquals(0, ctrlC.waitFor(), "kill -INT of the run's process group");
      await()
          .atMost(CTRL_C_BUDGET.multipliedBy(6))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> pids.stream().noneMatch(StackLifecycleTest::running));
      long stoppedMs = (System.nanoTime() - interrupted) / 1_000_000;
      System.out.printf(
          "ctrl-c: the local run (%d processes) stopped in %d ms, exit status %d%n",
          pids.size(), stoppedMs, run.waitFor());
      assertTrue(
          stoppedMs <= CTRL_C_BUDGET.toMillis(),
          "Ctrl-C took " + stoppedMs + " ms to stop everything; see " + output);
      assertTrue(
          Files.readString(output).contains("WidgetForge: stopped"), Files.readString(output));
      assertTrue(Ports.isFree(port), "the gateway's port is still taken");
    } finally {
      if (run.isAlive()) {
        // SIGTERM: its shutdown hook stops what it started.
        ChildProcesses.stop(run, Duration.ofSeconds(60));
      }
      // Whatever outlived a failed run, so that the next tests do not share the machine with it.
      pids.stream()
          .filter(StackLifecycleTest::running)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      run.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
