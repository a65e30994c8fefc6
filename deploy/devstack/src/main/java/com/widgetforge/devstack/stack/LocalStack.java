package com.widgetforge.devstack.stack;

import com.widgetforge.devstack.infra.ChildProcesses;
import com.widgetforge.devstack.infra.InfrastructureProcess;
import com.widgetforge.devstack.infra.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole suite on one machine: the infrastructure JVM, then the four services, then the gateway,
 * each service started with its production command ({@code java -jar quarkus-app/quarkus-run.jar})
 * and configured only through environment variables. Used by {@code deploy/run-local} and by the
 * whole-stack tests alike.
 */
public final class LocalStack implements AutoCloseable {

  /** The services, in the order of ARCHITECTURE.md, with their default ports. */
  public static final List<String> SERVICES =
      List.of("auth-service", "price-service", "account-service", "widget-service");

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /** The JVM options of every service's production command (the Dockerfiles use the same). */
  public static final String JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";

  /** An environment variable of a service: JVM options added after {@link #JVM_OPTIONS}. */
  public static final String EXTRA_JVM_OPTIONS = "WIDGETFORGE_JVM_OPTIONS";

  /** How to start the stack. */
  public record Options(
      Path root,
      Path dataDir,
      Path logDir,
      int gatewayPort,
      int gatewayManagementPort,
      Map<String, Integer> servicePorts,
      int postgresPort,
      int kafkaPort,
      int controllerPort,
      boolean ignoreInterrupt,
      Map<String, String> environment,
      boolean remoteAccess) {

    /**
     * The same, plus the listeners price-service instances on terminal hosts use: Kafka SASL_SSL
     * and PostgreSQL over TLS (see docs/MT5.md).
     */
    public Options withRemoteAccess() {
      return new Options(
          root,
          dataDir,
          logDir,
          gatewayPort,
          gatewayManagementPort,
          servicePorts,
          postgresPort,
          kafkaPort,
          controllerPort,
          ignoreInterrupt,
          environment,
          true);
    }

    /**
     * Throw-away data and free ports everywhere: what whole-stack tests use. {@code environment} is
     * added to every service's (e.g. the first admin's credentials).
     */
    public static Options forTests(Path root, Path logDir, Map<String, String> environment) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      // The infrastructure takes ephemeral ports (bind to 0) while these wait to be bound.
      SERVICES.forEach(service -> ports.put(service, Ports.forLater()));
      return new Options(
          root,
          null,
          logDir,
          Ports.forLater(),
          Ports.forLater(),
          ports,
          0,
          0,
          0,
          false,
          environment,
          false);
    }
  }

  /** auth-service's provisioned key for widget-service: {@code _SECRET} and {@code _SCOPE}. */
  public static final String WIDGET_SERVICE_KEY_ENV = "AUTH_SERVICE_KEYS__WIDGET_SERVICE__";

  /** Where a data directory keeps widget-service's service key (owner-only). */
  public static final String WIDGET_SERVICE_KEY_FILE = "widget-service-api.key";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Options options;
  private final Consumer<String> progress;
  private String widgetServiceKey;
  private final Map<String, Component> components = new LinkedHashMap<>();
  private final Map<String, Long> logStarts = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> serviceProcesses =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile InfrastructureProcess infrastructure;
  private boolean closed;

  private LocalStack(Options options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
    options
        .servicePorts()
        .forEach((name, port) -> components.put(name, new Component(name, name, port)));
    components.put(
        "gateway",
        new Component(
            "gateway", "deploy/gateway", options.gatewayPort(), options.gatewayManagementPort()));
  }

  /**
   * Starts everything and returns once the gateway answers ready; stops what it began on failure.
   */
  public static LocalStack start(Options options, Consumer<String> progress) throws IOException {
    return create(options, progress).startAll();
  }

  /**
   * A stack not started yet, so that a caller can arrange for {@link #close()} (a shutdown hook,
   * say) before {@link #startAll()} launches anything.
   */
  public static LocalStack create(Options options, Consumer<String> progress) {
    return new LocalStack(options, progress);
  }

  /** Starts everything, returning once the gateway answers ready; on failure stops it all. */
  public LocalStack startAll() throws IOException {
    try {
      launchAll();
      return this;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void launchAll() throws IOException {
    for (Component component : components.values()) {
      if (!Files.isRegularFile(component.runnerJar(options.root()))) {
        throw new IllegalStateException(
            component.runnerJar(options.root())
                + " is missing: build with mvn -DskipTests package");
      }
      Ports.claim(component.port(), component.name());
      if (component.managementPort() != component.port()) {
        Ports.claim(component.managementPort(), component.name() + " management");
      }
    }
    Files.createDirectories(options.logDir());
    long began = System.nanoTime();
    InfrastructureProcess.Options infrastructureOptions =
        new InfrastructureProcess.Options(
            options.dataDir(),
            options.postgresPort(),
            options.kafkaPort(),
            options.controllerPort(),
            options.ignoreInterrupt(),
            options.logDir().resolve("infrastructure.log"));
    InfrastructureProcess launched =
        InfrastructureProcess.start(
            options.remoteAccess()
                ? infrastructureOptions.withRemoteAccess()
                : infrastructureOptions);
    synchronized (processes) {
      infrastructure = launched;
      if (closed) {
        throw new IllegalStateException("the stack is stopping");
      }
    }
    progress.accept(
        line("postgres", "127.0.0.1:" + infrastructure.postgresPort(), began)
            + (options.dataDir() == null ? "" : "  data: " + options.dataDir()));
    progress.accept(line("kafka", infrastructure.kafkaBootstrapServers(), began));

    Map<String, Process> started = new LinkedHashMap<>();
    for (String service : options.servicePorts().keySet()) {
      String database = databaseOf(service);
      infrastructure.createDatabase(database, database);
      Process process =
          launch(components.get(service), serviceEnvironment(components.get(service)));
      serviceProcesses.put(service, process);
      started.put(service, process);
    }
    // The gateway needs no service to start: it starts beside them, and is ready last.
    Component gateway = components.get("gateway");
    Process gatewayProcess = launch(gateway, gatewayEnvironment());
    for (Map.Entry<String, Process> entry : started.entrySet()) {
      awaitReady(components.get(entry.getKey()), entry.getValue());
      progress.accept(line(entry.getKey(), components.get(entry.getKey()).baseUrl(), began));
    }
    awaitReady(gateway, gatewayProcess);
    progress.accept(line("gateway", gateway.baseUrl(), began));
  }

  /**
   * Stops one service or replica the way an operator would (SIGTERM, then waits), leaving it
   * stopped; {@link #startService} brings it back.
   */
  public void stopService(String name) {
    ChildProcesses.stop(forget(name), Duration.ofSeconds(30));
  }

  /**
   * Kills one service or replica outright (SIGKILL, as the kernel's OOM killer or a crash would),
   * leaving it stopped; {@link #startService} brings it back.
   */
  public void killService(String name) throws InterruptedException {
    forget(name).destroyForcibly().waitFor();
  }

  /** The running process of a service or replica, no longer counted as this stack's. */
  private Process forget(String name) {
    Process old = serviceProcesses.remove(name);
    if (old == null) {
      throw new IllegalArgumentException("no such running service: " + name);
    }
    synchronized (processes) {
      processes.remove(old);
    }
    return old;
  }

  /** Whether a service or replica this stack started is running. */
  public boolean isRunning(String name) {
    Process process = serviceProcesses.get(name);
    return process != null && process.isAlive();
  }

  /**
   * Starts a stopped service or replica again, with its own port, command and environment, and
   * returns once it is ready.
   */
  public void startService(String name) throws IOException {
    startService(name, Map.of());
  }

  /**
   * Starts a stopped service or replica again with {@code overrides} on top of its environment
   * (another configuration, as an operator would redeploy it), and returns once it is ready.
   */
  public void startService(String name, Map<String, String> overrides) throws IOException {
    Component component = components.get(name);
    if (component == null || name.equals("gateway")) {
      throw new IllegalArgumentException("no such service: " + name);
    }
    if (serviceProcesses.containsKey(name)) {
      throw new IllegalStateException(name + " is running");
    }
    Map<String, String> env = serviceEnvironment(component);
    env.putAll(overrides);
    Process process = launch(component, env);
    serviceProcesses.put(name, process);
    awaitReady(component, process);
  }

  /**
   * Starts an instance of {@code module} the way it runs on another host: with {@code environment}
   * only (and its port on loopback), none of the suite's own settings. Waits until it is ready when
   * {@code awaitReady}; {@link #stopService} with its name stops it.
   */
  public Component startElsewhere(
      String name, String module, Map<String, String> environment, boolean awaitReady)
      throws IOException {
    if (components.containsKey(name)) {
      throw new IllegalArgumentException(name + " exists");
    }
    Component component = new Component(name, module, Ports.forLater());
    components.put(name, component);
    Map<String, String> env = new HashMap<>(environment);
    env.put("QUARKUS_HTTP_PORT", String.valueOf(component.port()));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    Process process = launch(component, env);
    serviceProcesses.put(name, process);
    if (awaitReady) {
      awaitReady(component, process);
    }
    return component;
  }

  /**
   * Starts one more instance of a service (as {@code docker compose --scale} would) on a free port,
   * with the same command and environment, and returns it once it is ready. {@link #stopService}
   * with its name stops it.
   */
  public Component startReplica(String service) throws IOException {
    Component original = components.get(service);
    if (original == null || !SERVICES.contains(service)) {
      throw new IllegalArgumentException("no such service: " + service);
    }
    int port = Ports.forLater();
    Component replica = new Component(service + "-" + port, original.module(), port);
    components.put(replica.name(), replica);
    startService(replica.name());
    return replica;
  }

  /**
   * Stops one service the way an operator would (SIGTERM, then waits), starts it again with the
   * same command and environment, and returns once it is ready.
   */
  public void restart(String service) throws IOException {
    stopService(service);
    startService(service);
  }

  /** The service a component runs: its module's last path segment. */
  private static String serviceOf(Component component) {
    return Path.of(component.module()).getFileName().toString();
  }

  /** Each service's database and login role: its name without "-service". */
  public static String databaseOf(String service) {
    return service.replace("-service", "");
  }

  /** A service's environment; a replica's differs from its original's only in its port. */
  private Map<String, String> serviceEnvironment(Component component) throws IOException {
    String service = serviceOf(component);
    String database = databaseOf(service);
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_HTTP_PORT", String.valueOf(component.port()));
    // Only the gateway listens beyond loopback: the services are reached through it.
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_DATASOURCE_JDBC_URL", infrastructure.jdbcUrl(database));
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", infrastructure.reactiveUrl(database));
    env.put("QUARKUS_DATASOURCE_USERNAME", database);
    env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
    env.put("WIDGETFORGE_AUTH_URL", components.get("auth-service").baseUrl());
    // Readable logs in .widgetforge/logs; containers keep the production JSON.
    env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    if (service.equals("account-service")) {
      env.put("ACCOUNT_CRYPTO_KEYS", "local:" + accountKey());
      env.put("ACCOUNT_CRYPTO_CURRENT_KEY", "local");
    }
    // widget-service reads equity-curve history from account-service with a service key that
    // auth-service provisions from this same secret (auth.service-keys."widget-service").
    if (service.equals("auth-service")) {
      env.put(WIDGET_SERVICE_KEY_ENV + "SECRET", widgetServiceKey());
      env.put(WIDGET_SERVICE_KEY_ENV + "SCOPE", "accounts:read");
    }
    if (service.equals("widget-service")) {
      env.put("WIDGET_EQUITY_CURVE_API_KEY", widgetServiceKey());
      env.put(
          "WIDGET_EQUITY_CURVE_ACCOUNT_SERVICE_URL", components.get("account-service").baseUrl());
    }
    env.putAll(options.environment());
    return env;
  }

  /**
   * account-service's key for investor passwords: random on first use and kept in the data
   * directory (owner-only), so stored passwords survive a restart; throw-away for tests.
   */
  private String accountKey() throws IOException {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    return kept("account-crypto.key", Base64.getEncoder().encodeToString(fresh));
  }

  /**
   * widget-service's {@code accounts:read} API key (equity-curve history), which auth-service
   * provisions from its configuration: a fresh secret for each data directory, kept in it
   * (owner-only) so that it stays the same across restarts; throw-away for tests. Both services get
   * it from {@link #serviceEnvironment}, so no admin has to create it.
   */
  public synchronized String widgetServiceKey() throws IOException {
    if (widgetServiceKey == null) {
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      widgetServiceKey =
          kept(
              WIDGET_SERVICE_KEY_FILE,
              "wf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(fresh));
    }
    return widgetServiceKey;
  }

  /**
   * The secret kept in {@code name} in the data directory, which is created owner-only (0600) with
   * {@code fresh} on first use; {@code fresh} itself without a data directory.
   */
  private String kept(String name, String fresh) throws IOException {
    if (options.dataDir() == null) {
      return fresh;
    }
    Path file = options.dataDir().resolve(name);
    if (!Files.exists(file)) {
      Files.createDirectories(options.dataDir());
      Path temp;
      try {
        temp =
            Files.createTempFile(
                options.dataDir(),
                "." + name,
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the data directory's own permissions apply
        temp = Files.createTempFile(options.dataDir(), "." + name, ".tmp");
      }
      try {
        Files.writeString(temp, fresh);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    return Files.readString(file).strip();
  }

  private Map<String, String> gatewayEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_HTTP_PORT", String.valueOf(options.gatewayPort()));
    env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(options.gatewayManagementPort()));
    // The gateway's own health and metrics stay on this machine.
    env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    // The extra environment's gateway settings (GATEWAY_ROUTES_*_LIMITS_*, say) are the gateway's.
    options.environment().entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("GATEWAY_"))
        .forEach(entry -> env.put(entry.getKey(), entry.getValue()));
    for (String service : options.servicePorts().keySet()) {
      env.put(
          "GATEWAY_ROUTES_" + databaseOf(service).toUpperCase() + "_TARGETS",
          components.get(service).baseUrl());
    }
    return env;
  }

  private Process launch(Component component, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ChildProcesses.java());
    command.addAll(List.of(JVM_OPTIONS.split(" ")));
    // An operator's (or a benchmark's) own JVM options, e.g. a larger heap; later ones win.
    String extra = env.getOrDefault(EXTRA_JVM_OPTIONS, "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add("-jar");
    command.add(component.runnerJar(options.root()).toString());
    Path log = logOf(component);
    logStarts.put(component.name(), Files.exists(log) ? Files.size(log) : 0L);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    synchronized (processes) {
      if (closed) {
        throw new IllegalStateException("the stack is stopping");
      }
      Process process = builder.start();
      processes.add(process);
      return process;
    }
  }

  private void awaitReady(Component component, Process process) {
    URI ready = URI.create(component.managementUrl() + "/q/health/ready");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            component.name() + " exited with " + process.exitValue() + "; see " + logOf(component));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + component.name(), e);
      }
      pause();
    }
    throw new IllegalStateException(
        component.name() + " was not ready in " + READY_TIMEOUT + "; see " + logOf(component));
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The lines of a component's log written since this stack started it that contain {@code marker}
   * (its log file is appended to across runs).
   */
  public List<String> logLinesSinceStart(String component, String marker) throws IOException {
    Path log = logOf(components.get(component));
    long start = logStarts.getOrDefault(component, 0L);
    if (!Files.exists(log) || Files.size(log) <= start) {
      return List.of();
    }
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
      file.seek(start);
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE, file.length() - start)];
      file.readFully(bytes);
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .filter(line -> line.contains(marker))
          .toList();
    }
  }

  /** Where the components' logs (and the infrastructure's, infrastructure.log) are written. */
  public Path logDir() {
    return options.logDir();
  }

  private Path logOf(Component component) {
    return options.logDir().resolve(component.name() + ".log");
  }

  private static String line(String name, String where, long began) {
    return String.format(
        "  %-16s up   %-28s (%.1f s)", name, where, (System.nanoTime() - began) / 1e9);
  }

  public String gatewayUrl() {
    return "http://localhost:" + options.gatewayPort();
  }

  public Component component(String name) {
    return components.get(name);
  }

  public InfrastructureProcess infrastructure() {
    return infrastructure;
  }

  /** Process ids of every JVM this stack started, the infrastructure included. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    synchronized (processes) {
      processes.forEach(process -> pids.add(process.pid()));
    }
    if (infrastructure != null) {
      pids.add(infrastructure.pid());
    }
    return pids;
  }

  /** Stops the gateway and services first, then the broker and PostgreSQL. */
  @Override
  public void close() {
    List<Process> running;
    synchronized (processes) {
      closed = true;
      running = new ArrayList<>(processes);
    }
    running.forEach(Process::destroy);
    for (Process process : running) {
      if (!ChildProcesses.awaitExit(process, Duration.ofSeconds(30))) {
        ChildProcesses.stop(process, Duration.ZERO);
      }
    }
    if (infrastructure != null) {
      infrastructure.close();
    }
  }
}
