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

/** A real PostgreSQL server from zonky's Maven-packaged binaries, one database per service. */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on {@code port} with its data in {@code dataDir}. A persistent directory
   * keeps its data between runs; a throw-away one trades durability for speed.
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port, boolean persistent)
      throws IOException {
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
