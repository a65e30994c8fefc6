package com.widgetforge.devstack.infra;

import com.widgetforge.devstack.contract.AsyncApiContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Exit;

/**
 * The infrastructure JVM: a real PostgreSQL and a real Kafka broker, driven over stdin/stdout.
 *
 * <p>Prints {@code READY postgres=<port> kafka=<host:port>} once both answer (with {@code
 * --remote-access}, also {@code kafka-external=<host:port> tls=<dir>}), then reads one command per
 * line ({@code database <name> <owner>}, {@code stop kafka}, {@code start kafka}, {@code stop
 * postgres}, and with remote access {@code kafka-user <name> <password>} and {@code remote-role
 * <name> <member-of> <password>}) and answers {@code OK} or {@code ERROR <why>}. When its stdin
 * closes, because the parent ended however it ended, it stops the broker, then PostgreSQL, and
 * exits: no orphans.
 */
public final class InfrastructureMain {

  private final PrintStream protocol;
  private final AtomicReference<EmbeddedPostgresServer> postgres = new AtomicReference<>();
  private final AtomicReference<EmbeddedKafkaBroker> kafka = new AtomicReference<>();

  /** How the broker was started, so that a stopped one can be started again the same way. */
  private Runnable kafkaStarter;

  private Runnable postgresStarter;

  private Path throwAwayDir;

  private InfrastructureMain(PrintStream protocol) {
    this.protocol = protocol;
  }

  public static void main(String[] args) throws Exception {
    // stdout is the protocol; everything the servers' libraries print goes to stderr.
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    InfrastructureMain main = new InfrastructureMain(protocol);
    Options options = Options.parse(args);
    if (options.ignoreInterrupt) {
      // Ctrl-C reaches the whole process group; the launcher stops us after the services.
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "infrastructure-shutdown"));
    // Kafka's fatal-fault handler halts the JVM from one of Kafka's own threads, skipping
    // shutdown hooks. Stopping Kafka from there would wait on that very thread, so stop only
    // PostgreSQL, which would otherwise outlive us, then halt.
    Exit.setHaltProcedure(
        (status, message) -> {
          main.stopPostgresQuietly();
          Runtime.getRuntime().halt(status);
        });
    try {
      main.start(options);
    } catch (Exception e) {
      protocol.println("FAILED " + oneLine(e));
      e.printStackTrace();
      System.exit(1);
    }
    main.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    System.exit(0);
  }

  private void start(Options options) throws Exception {
    Path root = options.dataDir;
    if (root == null) {
      throwAwayDir = Files.createTempDirectory("widgetforge-infra");
      root = throwAwayDir;
    }
    Files.createDirectories(root);
    int postgresPort = Ports.claim(options.postgresPort, "PostgreSQL");
    int kafkaPort = Ports.claim(options.kafkaPort, "Kafka");
    int controllerPort = Ports.claim(options.controllerPort, "Kafka controller");
    TlsMaterial tls = options.remoteAccess ? TlsMaterial.in(root.resolve("tls")) : null;
    EmbeddedKafkaBroker.External external =
        tls == null
            ? null
            : new EmbeddedKafkaBroker.External(
                Ports.claim(options.externalKafkaPort, "Kafka external listener"), tls);
    Path kafkaDir = root.resolve("kafka");
    kafkaStarter =
        () -> {
          try {
            kafka.set(EmbeddedKafkaBroker.start(kafkaDir, kafkaPort, controllerPort, external));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    kafkaStarter.run();
    Path postgresDir = root.resolve("postgres");
    boolean persistent = throwAwayDir == null;
    postgresStarter =
        () -> {
          try {
            postgres.set(EmbeddedPostgresServer.start(postgresDir, postgresPort, persistent, tls));
          } catch (IOException e) {
            throw new IllegalStateException(
                "PostgreSQL did not start with data in "
                    + postgresDir
                    + " (is another local run using it?): "
                    + oneLine(e),
                e);
          }
        };
    postgresStarter.run();
    kafka.get().createTopics(AsyncApiContract.load().topics());
    System.err.println(
        "infrastructure ready: postgres "
            + postgres.get().port()
            + ", kafka "
            + kafka.get().bootstrapServers());
    protocol.println(
        "READY postgres="
            + postgres.get().port()
            + " kafka="
            + kafka.get().bootstrapServers()
            + (tls == null
                ? ""
                : " kafka-external="
                    + kafka.get().externalBootstrapServers()
                    + " tls="
                    + tls.dir().toAbsolutePath()));
  }

  private void serve(BufferedReader commands) throws IOException {
    String line;
    while ((line = commands.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      try {
        if (words.length == 3 && words[0].equals("database")) {
          EmbeddedPostgresServer server = postgres.get();
          if (server == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
          }
          server.createDatabase(words[1], words[2]);
        } else if (words.length >= 3 && words[0].equals("kafka-user")) {
          EmbeddedKafkaBroker broker = kafka.get();
          if (broker == null || broker.externalBootstrapServers() == null) {
            throw new IllegalStateException("no external Kafka listener (--remote-access)");
          }
          broker.upsertScramUser(requireName(words[1]), rest(line, 2));
        } else if (words.length >= 4 && words[0].equals("remote-role")) {
          EmbeddedPostgresServer server = postgres.get();
          if (server == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
          }
          server.createRemoteRole(words[1], rest(line, 3), words[2]);
        } else if (line.trim().equals("stop kafka")) {
          stopKafka();
        } else if (line.trim().equals("start kafka")) {
          startKafka();
        } else if (line.trim().equals("stop postgres")) {
          stopPostgres();
        } else if (line.trim().equals("start postgres")) {
          startPostgres();
        } else {
          throw new IllegalArgumentException("unknown command: " + line);
        }
        protocol.println("OK");
      } catch (Exception e) {
        protocol.println("ERROR " + oneLine(e));
      }
    }
  }

  /** The line after its first {@code words} words: a password, which may hold spaces. */
  private static String rest(String line, int words) {
    String rest = line.strip();
    for (int i = 0; i < words; i++) {
      rest = rest.substring(rest.indexOf(' ') + 1).stripLeading();
    }
    return rest;
  }

  private static String requireName(String name) {
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("not a user name: letters, digits, . _ -");
    }
    return name;
  }

  /** Starts the stopped broker again, on the same ports with the same data (for fault tests). */
  private void startKafka() {
    if (kafka.get() != null) {
      throw new IllegalStateException("Kafka is running");
    }
    kafkaStarter.run();
  }

  private void stopKafka() {
    EmbeddedKafkaBroker broker = kafka.getAndSet(null);
    if (broker == null) {
      return;
    }
    // Bounded: a broker stuck in its own shutdown must not keep PostgreSQL running.
    Thread closing = new Thread(broker::close, "kafka-shutdown");
    closing.setDaemon(true);
    closing.start();
    try {
      closing.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the stopped PostgreSQL again, on the same port with the same data (fault tests). */
  private void startPostgres() {
    if (postgres.get() != null) {
      throw new IllegalStateException("PostgreSQL is running");
    }
    postgresStarter.run();
  }

  private void stopPostgres() throws IOException {
    EmbeddedPostgresServer server = postgres.getAndSet(null);
    if (server != null) {
      server.close();
    }
  }

  private void stopPostgresQuietly() {
    try {
      stopPostgres();
    } catch (IOException | RuntimeException e) {
      e.printStackTrace();
    }
  }

  private void stop() {
    stopKafka();
    stopPostgresQuietly();
    if (throwAwayDir != null) {
      deleteRecursively(throwAwayDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      e.printStackTrace();
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ");
  }

  /** Command-line options of the infrastructure JVM. */
  static final class Options {
    Path dataDir;
    int postgresPort;
    int kafkaPort;
    int controllerPort;
    boolean ignoreInterrupt;
    boolean remoteAccess;
    int externalKafkaPort;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--data-dir" -> options.dataDir = Path.of(args[++i]);
          case "--postgres-port" -> options.postgresPort = Integer.parseInt(args[++i]);
          case "--kafka-port" -> options.kafkaPort = Integer.parseInt(args[++i]);
          case "--controller-port" -> options.controllerPort = Integer.parseInt(args[++i]);
          case "--ignore-interrupt" -> options.ignoreInterrupt = true;
          case "--remote-access" -> options.remoteAccess = true;
          case "--external-kafka-port" -> options.externalKafkaPort = Integer.parseInt(args[++i]);
          default -> throw new IllegalArgumentException("unknown option: " + args[i]);
        }
      }
      return options;
    }
  }
}
