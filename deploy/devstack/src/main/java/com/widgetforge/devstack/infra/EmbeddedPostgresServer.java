package com.widgetforge.devstack.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from zonky's Maven-packaged binaries, one database per service. With
 * TLS, it also takes the logins of the {@code remote} group (price-service on terminal hosts) over
 * TLS only, with their passwords (SCRAM); the suite's own roles keep trusted loopback logins.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  /** The group of roles that log in from terminal hosts. */
  public static final String REMOTE_GROUP = "remote";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** The same, answering TLS with {@code tls} (unless null) and remote logins over TLS only. */
  public static EmbeddedPostgresServer start(
      Path dataDir, int port, boolean persistent, TlsMaterial tls) throws IOException {
    EmbeddedPostgresServer server = launch(dataDir, port, persistent, tls);
    if (tls != null) {
      server.acceptRemoteLoginsOverTlsOnly(dataDir);
    }
    return server;
  }

  private void acceptRemoteLoginsOverTlsOnly(Path dataDir) throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    String rules =
        "# WidgetForge: terminal hosts log in over TLS with a password, never in plain text.\n"
            + "hostnossl all +"
            + REMOTE_GROUP
            + " all reject\n"
            + "hostssl all +"
            + REMOTE_GROUP
            + " all scram-sha-256\n";
    String current = java.nio.file.Files.readString(hba);
    if (!current.contains(rules)) {
      java.nio.file.Files.writeString(hba, rules + current);
    }
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      if (!exists(connection, "select 1 from pg_roles where rolname = ?", REMOTE_GROUP)) {
        statement.execute("create role " + REMOTE_GROUP + " nologin");
      }
      statement.execute("select pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("cannot set up remote logins: " + e.getMessage(), e);
    }
  }

  /**
   * Creates (or gives a new password to) the login role {@code name} of a terminal host: a member
   * of {@link #REMOTE_GROUP} (TLS only) and of {@code memberOf}, whose tables it then uses.
   */
  public void createRemoteRole(String name, String password, String memberOf) throws SQLException {
    requireIdentifier(name);
    requireIdentifier(memberOf);
    if (password.isEmpty() || password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("a remote role's password must be printable");
    }
    String literal = "'" + password.replace("'", "''") + "'";
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      if (exists(connection, "select 1 from pg_roles where rolname = ?", name)) {
        statement.execute("alter role " + name + " login password " + literal);
      } else {
        statement.execute(
            "create role "
                + name
                + " login password "
                + literal
                + " in role "
                + REMOTE_GROUP
                + ", "
                + memberOf);
      }
    }
  }

  /**
   * Starts PostgreSQL on {@code port} with its data in {@code dataDir}. A persistent directory
   * keeps its data between runs; a throw-away one trades durability for speed.
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port, boolean persistent)
      throws IOException {
    return start(dataDir, port, persistent, null);
  }

  private static EmbeddedPostgresServer launch(
      Path dataDir, int port, boolean persistent, TlsMaterial tls) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "300")
            .setPGStartupWait(java.time.Duration.ofSeconds(60));
    if (!persistent) {
      builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off");
    }
    if (tls != null) {
      builder
          .setServerConfig("ssl", "on")
          .setServerConfig("ssl_cert_file", tls.certificate().toString())
          .setServerConfig("ssl_key_file", tls.key().toString())
          .setServerConfig("password_encryption", "scram-sha-256");
    }
    return new EmbeddedPostgresServer(builder.start());
  }

  public int port() {
    return postgres.getPort();
  }

  /**
   * Creates the login role {@code owner} and the database {@code name} it owns, unless they already
   * exist. The server trusts loopback connections, so the role has no password.
   */
  public void createDatabase(String name, String owner) throws SQLException {
    requireIdentifier(name);
    requireIdentifier(owner);
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      if (!exists(connection, "select 1 from pg_roles where rolname = ?", owner)) {
        statement.execute("create role " + owner + " login");
      }
      if (!exists(connection, "select 1 from pg_database where datname = ?", name)) {
        statement.execute("create database " + name + " owner " + owner);
      }
    }
  }

  private static boolean exists(Connection connection, String sql, String value)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, value);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void requireIdentifier(String value) {
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException("not a plain lower-case identifier: " + value);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
