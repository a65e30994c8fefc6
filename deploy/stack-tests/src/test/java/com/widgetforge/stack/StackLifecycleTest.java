package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Stopping the suite leaves nothing behind: no service, no gateway, no infrastructure JVM, no
 * PostgreSQL. (FaultsThroughGatewayTest stops and restarts the broker and PostgreSQL under the
 * running suite; LocalRunInterruptTest stops a local run with Ctrl-C.)
 *
 * <p>It ends the shared suite, so it runs after every class that uses it ({@code @Order}, with the
 * class orderer of {@code junit-platform.properties}).
 */
@Order(Integer.MAX_VALUE - 1)
class StackLifecycleTest {

  @Test
  void stoppingTheSuiteLeavesNoProcessBehind() throws Exception {
    LocalStack stack = StackFixture.shared();
    List<Long> pids;
    try {
      pids = new ArrayList<>(stack.pids());
      // PostgreSQL runs daemonized (pg_ctl): find its postmaster by the port it serves.
      String port = " -p " + stack.infrastructure().postgresPort() + " ";
      pids.addAll(StackFixture.postgresProcesses(port));
      assertTrue(
          pids.size() >= 7, "expected infrastructure, PostgreSQL, four services, gateway: " + pids);
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
  static boolean running(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException gone) {
      return false;
    }
  }
}
