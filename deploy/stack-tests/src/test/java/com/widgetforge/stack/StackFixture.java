package com.widgetforge.stack;

import com.widgetforge.devstack.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The suite exactly as deploy/run-local starts it, on free ports with throw-away data.
 *
 * <p>Whole-stack tests share one running suite per test JVM ({@link #shared()}): starting it costs
 * a minute or more on two cores, so it is started once, on first use, and stopped when the JVM
 * ends, or by {@link StackLifecycleTest}, which runs after every class that uses it and tests that
 * stopping. Its account-service reads The5ers' API from {@link FiversDouble}, a WireMock server in
 * this JVM started before the suite. A test that changes the shared suite (stops a service, adds a
 * replica) restores it before it returns. Load runs start a suite of their own ({@link #start}).
 */
public final class StackFixture {

  /**
   * The first admin every test stack bootstraps (auth-service reads these from the environment).
   */
  public static final String ADMIN_EMAIL = "admin@stack.test";

  public static final String ADMIN_PASSWORD = "Stack admin " + UUID.randomUUID();

  /** The repository, whose modules' packaged apps the suite runs. */
  public static final Path ROOT =
      Path.of(System.getProperty("widgetforge.root", "../..")).toAbsolutePath().normalize();

  /**
   * Test settings on top of the production defaults: shorter waits between fault-tolerance checks
   * and polls, so a takeover or a new snapshot is observed in a second or two rather than five, and
   * markets that never close, so that no test depends on the day of the week (WeekendRestartTest
   * closes them itself).
   */
  static final Map<String, String> TEST_ENVIRONMENT = testEnvironment();

  private static Map<String, String> testEnvironment() {
    Map<String, String> env = new HashMap<>(alwaysOpen());
    env.put("WIDGETFORGE_ADMIN_EMAIL", ADMIN_EMAIL);
    env.put("WIDGETFORGE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("PRICE_LEASE_CHECK_INTERVAL", "1s");
    // A simulated account's snapshots every second rather than every five.
    env.put("ACCOUNT_POLLING_REQUEST_FLOOR", "1s");
    // Every test client and load generator is this one machine, one client to the gateway: its
    // per-client limits (tested in the gateway module) are lifted here.
    for (String route : List.of("AUTH", "PRICE", "ACCOUNT", "WIDGET")) {
      env.put("GATEWAY_ROUTES_" + route + "_LIMITS_REQUESTS", "0");
      env.put("GATEWAY_ROUTES_" + route + "_LIMITS_SOCKETS", "0");
    }
    return Map.copyOf(env);
  }

  /** Every market category's calendar set to {@code calendar} (price.market-hours.*). */
  static Map<String, String> marketHours(String calendar) {
    Map<String, String> env = new HashMap<>();
    for (String category :
        List.of("DEFAULT", "FX", "METAL", "INDEX", "ENERGY", "STOCK", "CRYPTO")) {
      env.put("PRICE_MARKET_HOURS_" + category, calendar);
    }
    return env;
  }

  private static Map<String, String> alwaysOpen() {
    return marketHours("always");
  }

  private static LocalStack shared;

  private StackFixture() {}

  /**
   * The suite every whole-stack test shares, started on first use, with the listeners that
   * price-service instances on terminal hosts use (Mt5HostThroughGatewayTest).
   */
  public static synchronized LocalStack shared() throws IOException {
    if (shared == null) {
      // Behaviour, not speed, is tested here: the services start sooner on two cores with the
      // C1 compiler alone. Benchmarks start suites of their own with the production options.
      // account-service reads The5ers' API from a WireMock double in this JVM (FiversDouble).
      Map<String, String> extra = new HashMap<>(FiversDouble.environment());
      extra.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=128m");
      LocalStack started = start("shared", extra, true);
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
    return start(name, Map.of());
  }

  /** The same, with {@code environment} added to every service's. */
  public static LocalStack start(String name, Map<String, String> environment) throws IOException {
    return start(name, environment, false);
  }

  private static LocalStack start(String name, Map<String, String> extra, boolean remoteAccess)
      throws IOException {
    List<String> progress = new ArrayList<>();
    Map<String, String> environment = new HashMap<>(TEST_ENVIRONMENT);
    environment.putAll(extra);
    LocalStack.Options options =
        LocalStack.Options.forTests(ROOT, Path.of("target", "stack-logs", name), environment);
    try {
      return LocalStack.start(remoteAccess ? options.withRemoteAccess() : options, progress::add);
    } catch (RuntimeException | IOException e) {
      throw new IllegalStateException(
          "stack did not start after " + progress + ": " + e.getMessage(), e);
    }
  }

  /**
   * PostgreSQL's processes (it runs daemonized by pg_ctl, outside the launcher's process tree):
   * each postmaster whose command line has {@code marker} (its data directory or " -p port "), and
   * its backends.
   */
  static List<Long> postgresProcesses(String marker) {
    List<Long> pids = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(
            process ->
                process
                    .info()
                    .commandLine()
                    .map(line -> line.contains("postgres") && line.contains(marker))
                    .orElse(false))
        .forEach(
            postmaster -> {
              pids.add(postmaster.pid());
              postmaster.descendants().forEach(backend -> pids.add(backend.pid()));
            });
    return pids;
  }
}
