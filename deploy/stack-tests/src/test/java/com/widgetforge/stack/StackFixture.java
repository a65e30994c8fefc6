package com.widgetforge.stack;

import com.widgetforge.devstack.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The suite exactly as deploy/run-local starts it, on free ports with throw-away data.
 *
 * <p>Whole-stack tests share one running suite per test JVM ({@link #shared()}): starting it costs
 * a minute or more on two cores, so it is started once, on first use, and stopped when the JVM
 * ends, or by {@link StackLifecycleTest}, which runs last and tests that stopping. A test that
 * changes the shared suite (stops a service, adds a replica) restores it before it returns. Load
 * runs start a suite of their own ({@link #start}).
 */
public final class StackFixture {

  /**
   * The first admin every test stack bootstraps (auth-service reads these from the environment).
   */
  public static final String ADMIN_EMAIL = "admin@stack.test";

  public static final String ADMIN_PASSWORD = "Stack admin " + UUID.randomUUID();

  /**
   * Test settings on top of the production defaults: shorter waits between fault-tolerance checks,
   * so a takeover is observed in a second or two rather than five.
   */
  private static final Map<String, String> TEST_ENVIRONMENT =
      Map.of(
          "WIDGETFORGE_ADMIN_EMAIL",
          ADMIN_EMAIL,
          "WIDGETFORGE_ADMIN_PASSWORD",
          ADMIN_PASSWORD,
          "PRICE_LEASE_CHECK_INTERVAL",
          "1s");

  private static LocalStack shared;

  private StackFixture() {}

  /** The suite every whole-stack test shares, started on first use. */
  public static synchronized LocalStack shared() throws IOException {
    if (shared == null) {
      LocalStack started = start("shared");
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-stack-shutdown"));
      shared = started;
    }
    return shared;
  }

  /**
   * Stops the shared suite (its processes are gone when this returns); the next {@link #shared()}
   * starts a new one.
   */
  public static synchronized void closeShared() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  /** A suite of its own, for a load run that must not share the machine with another suite. */
  public static LocalStack start(String name) throws IOException {
    Path root =
        Path.of(System.getProperty("widgetforge.root", "../..")).toAbsolutePath().normalize();
    List<String> progress = new ArrayList<>();
    try {
      return LocalStack.start(
          LocalStack.Options.forTests(
              root, Path.of("target", "stack-logs", name), TEST_ENVIRONMENT),
          progress::add);
    } catch (RuntimeException | IOException e) {
      throw new IllegalStateException(
          "stack did not start after " + progress + ": " + e.getMessage(), e);
    }
  }
}
