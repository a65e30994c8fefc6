package com.widgetforge.devstack.infra;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running {@link InfrastructureMain} child JVM, as seen from its parent (a test JVM or the
 * local-run launcher). Closing it, or the parent dying, stops PostgreSQL and Kafka.
 */
public final class InfrastructureProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final BufferedWriter commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final int postgresPort;
  private final String kafkaBootstrapServers;
  private final String externalKafkaBootstrapServers;
  private final Path tlsDir;

  /** Where the infrastructure keeps its data and which ports it takes (0 = any free port). */
  public record Options(
      Path dataDir,
      int postgresPort,
      int kafkaPort,
      int controllerPort,
      boolean ignoreInterrupt,
      Path logFile,
      boolean remoteAccess) {

    public Options(
        Path dataDir,
        int postgresPort,
        int kafkaPort,
        int controllerPort,
        boolean ignoreInterrupt,
        Path logFile) {
      this(dataDir, postgresPort, kafkaPort, controllerPort, ignoreInterrupt, logFile, false);
    }

    /** Throw-away data, free ports: what tests use. */
    public static Options throwAway(Path logFile) {
      return new Options(null, 0, 0, 0, false, logFile);
    }

    /**
     * The same, plus the listeners terminal hosts use: Kafka SASL_SSL (SCRAM users) and PostgreSQL
     * over TLS for the roles of the {@code remote} group.
     */
    public Options withRemoteAccess() {
      return new Options(
          dataDir, postgresPort, kafkaPort, controllerPort, ignoreInterrupt, logFile, true);
    }
  }

  private InfrastructureProcess(Process process, Options options) throws IOException {
    this.process = process;
    this.commands =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(() -> readReplies(process.getInputStream()), "infrastructure-out");
    reader.setDaemon(true);
    reader.start();
    String ready;
    try {
      ready = awaitReply(START_TIMEOUT, options.logFile());
    } catch (IllegalStateException timeout) {
      close();
      throw timeout;
    }
    if (!ready.startsWith("READY ")) {
      // SIGTERM, not SIGKILL: its shutdown hook stops whatever server did start.
      close();
      throw new IllegalStateException(
          "infrastructure did not start: " + ready + " (log: " + options.logFile() + ")");
    }
    int postgres = 0;
    String kafka = null;
    String external = null;
    Path tls = null;
    for (String field : ready.substring("READY ".length()).split(" ")) {
      String[] pair = field.split("=", 2);
      switch (pair[0]) {
        case "postgres" -> postgres = Integer.parseInt(pair[1]);
        case "kafka" -> kafka = pair[1];
        case "kafka-external" -> external = pair[1];
        case "tls" -> tls = Path.of(pair[1]);
        default -> {
          // A field of a newer infrastructure: ignored.
        }
      }
    }
    this.postgresPort = postgres;
    this.kafkaBootstrapServers = kafka;
    this.externalKafkaBootstrapServers = external;
    this.tlsDir = tls;
  }

  /** Starts the infrastructure JVM and waits for its ready line. */
  public static InfrastructureProcess start(Options options) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ChildProcesses.java());
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=128m",
            "-XX:+UseSerialGC"));
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    // Refused logins on the external listener are worth a line each.
    command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.network.Selector=info");
    command.add("-cp");
    command.add(classpath());
    command.add(InfrastructureMain.class.getName());
    if (options.dataDir() != null) {
      command.addAll(List.of("--data-dir", options.dataDir().toAbsolutePath().toString()));
    }
    command.addAll(List.of("--postgres-port", String.valueOf(options.postgresPort())));
    command.addAll(List.of("--kafka-port", String.valueOf(options.kafkaPort())));
    command.addAll(List.of("--controller-port", String.valueOf(options.controllerPort())));
    if (options.ignoreInterrupt()) {
      command.add("--ignore-interrupt");
    }
    if (options.remoteAccess()) {
      command.add("--remote-access");
    }
    Files.createDirectories(options.logFile().toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(options.logFile().toFile()))
            .start();
    return new InfrastructureProcess(process, options);
  }

  public int postgresPort() {
    return postgresPort;
  }

  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  /** The external SASL_SSL listener terminal hosts use (remote access only). */
  public String externalKafkaBootstrapServers() {
    return externalKafkaBootstrapServers;
  }

  /** The certificate clients of the external listeners trust, as PEM (remote access only). */
  public Path trustedCertificate() {
    return tlsDir.resolve("ca.pem");
  }

  /**
   * The Kafka client settings of a terminal host that logs in as {@code user} on the external
   * listener: SASL_SSL with SCRAM-SHA-512, trusting this infrastructure's certificate.
   */
  public java.util.Map<String, String> externalKafkaClient(String user, String password) {
    return java.util.Map.of(
        "bootstrap.servers",
        externalKafkaBootstrapServers,
        "security.protocol",
        "SASL_SSL",
        "sasl.mechanism",
        "SCRAM-SHA-512",
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";",
        "ssl.truststore.type",
        "PEM",
        "ssl.truststore.location",
        trustedCertificate().toString());
  }

  /** Creates or replaces a terminal host's Kafka login (SCRAM-SHA-512) on the external listener. */
  public void kafkaUser(String name, String password) {
    send("kafka-user " + name + " " + password);
  }

  /**
   * Creates or replaces a terminal host's PostgreSQL login: TLS only, with a password, a member of
   * {@code memberOf} (the service role whose database it uses).
   */
  public void remoteRole(String name, String memberOf, String password) {
    send("remote-role " + name + " " + memberOf + " " + password);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
  }

  /** The same database as a Vert.x reactive client URL. */
  public String reactiveUrl(String database) {
    return "postgresql://127.0.0.1:" + postgresPort + "/" + database;
  }

  public long pid() {
    return process.pid();
  }

  /** Creates a database and its owning login role unless they exist. */
  public void createDatabase(String name, String owner) {
    send("database " + name + " " + owner);
  }

  /** Stops the Kafka broker, leaving PostgreSQL running (for readiness tests). */
  public void stopKafka() {
    send("stop kafka");
  }

  /** Starts the stopped Kafka broker again, same ports and data (for fault tests). */
  public void startKafka() {
    send("start kafka");
  }

  /** Stops PostgreSQL, leaving Kafka running (for readiness tests). */
  public void stopPostgres() {
    send("stop postgres");
  }

  /** Starts the stopped PostgreSQL again, same port and data (for fault tests). */
  public void startPostgres() {
    send("start postgres");
  }

  private synchronized void send(String command) {
    try {
      commands.write(command);
      commands.newLine();
      commands.flush();
      String reply = awaitReply(COMMAND_TIMEOUT, null);
      if (!reply.equals("OK")) {
        // Only the command's name: its arguments may hold a password.
        throw new IllegalStateException("'" + command.split(" ", 2)[0] + "' failed: " + reply);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String awaitReply(Duration timeout, Path logFile) {
    try {
      String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        throw new IllegalStateException(
            "no answer from the infrastructure JVM in "
                + timeout
                + (logFile == null ? "" : " (log: " + logFile + ")"));
      }
      return reply;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void readReplies(InputStream out) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        replies.add(line);
      }
    } catch (IOException ignored) {
      // The process ended; waiting callers time out with the log file named.
    }
    replies.add("EXITED the infrastructure JVM ended");
  }

  /** Closes the child's stdin, which makes it stop both servers, and waits for it to exit. */
  @Override
  public void close() {
    try {
      commands.close();
    } catch (IOException ignored) {
      // Already closed: the child is exiting anyway.
    }
    if (!ChildProcesses.awaitExit(process, Duration.ofSeconds(60))) {
      ChildProcesses.stop(process, Duration.ofSeconds(30));
    }
  }

  /** This module's runtime classpath, written at build time, plus this module's own classes. */
  static String classpath() {
    URL resource = InfrastructureProcess.class.getResource("/devstack-classpath.txt");
    if (resource == null) {
      throw new IllegalStateException("devstack-classpath.txt is missing: build deploy/devstack");
    }
    try (InputStream in = resource.openStream()) {
      String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return ownLocation(resource) + java.io.File.pathSeparator + dependencies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String ownLocation(URL resource) {
    String url = resource.toString();
    try {
      if (url.startsWith("jar:")) {
        String jar = url.substring("jar:".length(), url.indexOf("!/"));
        return Path.of(new URL(jar).toURI()).toString();
      }
      return Path.of(resource.toURI()).getParent().toString();
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot locate devstack classes from " + url, e);
    }
  }
}
