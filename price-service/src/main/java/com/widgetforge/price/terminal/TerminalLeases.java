package com.widgetforge.price.terminal;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Which terminals this instance may poll. Each terminal is leased with a PostgreSQL session-level
 * advisory lock, held on a connection of its own: with several price-service replicas (docker
 * compose --scale), every terminal is polled by exactly one of them. When that replica stops, its
 * connection closes, its locks go, and another replica takes the terminal over at its next check.
 */
@ApplicationScoped
public class TerminalLeases {

  private static final Logger LOG = Logger.getLogger(TerminalLeases.class);

  private final DataSource dataSource;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private Connection connection;

  TerminalLeases(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Whether the leases this instance holds are still its own: false (and nothing held any more)
   * once the lease connection is gone.
   */
  public synchronized boolean intact() {
    try {
      if (connection != null && connection.isValid(2)) {
        return true;
      }
    } catch (SQLException e) {
      // treated as lost below
    }
    boolean hadLeases = !held.isEmpty();
    held.clear();
    closeQuietly();
    return !hadLeases;
  }

  /** Takes the terminal's lease if no other instance holds it. */
  public synchronized boolean tryClaim(String terminalId) {
    if (held.contains(terminalId)) {
      return true;
    }
    try {
      if (connection == null) {
        connection = dataSource.getConnection();
        connection.setAutoCommit(true);
      }
      try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
        lock.setLong(1, key(terminalId));
        try (ResultSet result = lock.executeQuery()) {
          if (result.next() && result.getBoolean(1)) {
            held.add(terminalId);
            return true;
          }
        }
      }
    } catch (SQLException e) {
      LOG.warnf("cannot lease terminal %s: %s", terminalId, e.getMessage());
      held.clear();
      closeQuietly();
    }
    return false;
  }

  public Set<String> held() {
    return Set.copyOf(held);
  }

  /** Releases every lease (the connection's end releases them anyway). */
  public synchronized void releaseAll() {
    held.clear();
    closeQuietly();
  }

  /** The advisory-lock key of a terminal: stable across instances and restarts. */
  public static long key(String terminalId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("widgetforge.price.terminal:" + terminalId).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try (java.sql.Statement unlock = connection.createStatement()) {
        // The connection goes back to the pool: it must not keep the locks.
        unlock.execute("select pg_advisory_unlock_all()");
      } catch (SQLException e) {
        // a broken connection holds nothing any more
      }
      try {
        connection.close();
      } catch (SQLException e) {
        // already gone
      }
      connection = null;
    }
  }
}
