package com.widgetforge.devstack.stack;

import com.widgetforge.devstack.infra.Ports;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code deploy/run-local}: the whole suite with persistent data, on the default ports, until
 * Ctrl-C or SIGTERM, which stop every process it started.
 */
public final class LocalRunMain {

  private static final List<Integer> DEFAULT_SERVICE_PORTS = List.of(8081, 8082, 8083, 8084);

  /** The gateway's own health and metrics, kept off the public port. */
  private static final int GATEWAY_MANAGEMENT_PORT = 9080;

  private LocalRunMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(".").toAbsolutePath().normalize();
    int gatewayPort = 8080;
    Path dataDir = null;
    Path logDir = null;
    boolean freePorts = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Path.of(value(args, ++i, "--root")).toAbsolutePath().normalize();
        case "--port" -> gatewayPort = port(value(args, ++i, "--port"));
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
        case "--log-dir" -> logDir = Path.of(value(args, ++i, "--log-dir")).toAbsolutePath();
        case "--free-ports" -> freePorts = true;
        case "-h", "--help" -> {
          System.out.println(
              "usage: deploy/run-local [--port N] [--data-dir DIR] [--log-dir DIR] [--free-ports]\n"
                  + "  --port        gateway port (default 8080)\n"
                  + "  --data-dir    where PostgreSQL and Kafka keep data (default .widgetforge/data)\n"
                  + "  --log-dir     where each component's log goes (default .widgetforge/logs)\n"
                  + "  --free-ports  any free port for everything but the gateway (printed as each\n"
                  + "                component comes up), to run beside another local run");
          return;
        }
        default -> fail("unknown option " + args[i] + " (try --help)");
      }
    }
    Path home = root.resolve(".widgetforge");
    if (dataDir == null) {
      dataDir = home.resolve("data");
    }
    if (logDir == null) {
      logDir = home.resolve("logs");
    }
    Map<String, Integer> servicePorts = new LinkedHashMap<>();
    for (int i = 0; i < LocalStack.SERVICES.size(); i++) {
      servicePorts.put(
          LocalStack.SERVICES.get(i), freePorts ? Ports.forLater() : DEFAULT_SERVICE_PORTS.get(i));
    }
    int managementPort = freePorts ? Ports.forLater() : GATEWAY_MANAGEMENT_PORT;
    checkFree(gatewayPort, "gateway");
    checkFree(managementPort, "gateway management");
    servicePorts.forEach((service, port) -> checkFree(port, service));

    // On a fresh database auth-service creates the first admin; without WIDGETFORGE_ADMIN_PASSWORD
    // it hands its one-time password over in a file here, never in its log.
    // Beside the data directory: two runs on two data directories never share it.
    FirstAdminPassword firstAdmin = new FirstAdminPassword(dataDir.resolveSibling("run"));
    // Port 0: the infrastructure JVM takes any free port.
    LocalStack.Options options =
        new LocalStack.Options(
            root,
            dataDir,
            logDir,
            gatewayPort,
            managementPort,
            servicePorts,
            freePorts ? 0 : 15432,
            freePorts ? 0 : 19092,
            freePorts ? 0 : 19093,
            true,
            firstAdmin.environment(),
            false);
    System.out.println("WidgetForge: starting (logs in " + options.logDir() + ")");
    CountDownLatch stopped = new CountDownLatch(1);
    LocalStack stack = LocalStack.create(options, System.out::println);
    // Registered before anything starts: SIGTERM during start-up stops what has started.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("WidgetForge: stopping");
                  stack.close();
                  System.out.println("WidgetForge: stopped");
                  stopped.countDown();
                },
                "local-run-shutdown"));
    try {
      stack.startAll();
    } catch (Exception e) {
      fail(e.getMessage());
      return;
    }
    System.out.println("ready: http://localhost:" + gatewayPort);
    for (String line : firstAdmin.takeOnce()) {
      System.out.println("  " + line);
    }
    stopped.await();
  }

  private static void checkFree(int port, String what) {
    if (!Ports.isFree(port)) {
      fail(
          "port "
              + port
              + " ("
              + what
              + ") is already in use; stop what uses it"
              + (what.equals("gateway") ? " or pass --port" : ""));
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      fail(option + " needs a value");
    }
    return args[i];
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    fail("--port must be a TCP port number, not " + text);
    return -1;
  }

  private static void fail(String message) {
    System.err.println("run-local: " + message);
    System.exit(2);
  }
}
