package com.widgetforge.devstack.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Starting and ending the child JVMs of the devstack. */
public final class ChildProcesses {

  private ChildProcesses() {}

  /** The java launcher of the running JVM, so children run on the same JDK. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Waits up to {@code grace} for {@code process} to exit; answers whether it did. Use {@link
   * #stop} to end it.
   */
  public static boolean awaitExit(Process process, Duration grace) {
    try {
      return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** SIGTERM, then up to {@code grace} for shutdown hooks, then SIGKILL. */
  public static void stop(Process process, Duration grace) {
    process.destroy();
    if (!awaitExit(process, grace)) {
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(10));
    }
  }
}
