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

  /** Waits up to {@code grace} for {@code process} to exit, then kills it. */
  public static void awaitExit(Process process, Duration grace) {
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
