package com.widgetforge.account.provider;

import com.widgetforge.account.AccountConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Keeps each account's provider status in {@code provider_status}, so that it survives a restart:
 * the poller reports every poll's outcome here, and the API reads it back with the provider's
 * circuit state. An account is stale when no poll succeeded within {@code staleAfter}: six request
 * floors, i.e. three rounds of {@code info} (every second request) missed.
 */
@ApplicationScoped
public class ProviderStatusStore {

  /** The longest error message kept. */
  public static final int MAX_ERROR = 200;

  private static final Logger LOG = Logger.getLogger(ProviderStatusStore.class);

  /** A stored row. */
  record Row(Instant lastSyncAt, String lastError, Instant lastErrorAt) {}

  private final EntityManager db;
  private final Duration staleAfter;

  ProviderStatusStore(EntityManager db, AccountConfig config) {
    this.db = db;
    this.staleAfter = config.polling().requestFloor().multipliedBy(6);
  }

  /** A poll of {@code account} succeeded at {@code at}: its last error, if any, is cleared. */
  public void succeeded(UUID account, Instant at) {
    write(
        account,
        "insert into provider_status (account_id, last_sync_at)"
            + " select id, ?2 from trading_account where id = ?1"
            + " on conflict (account_id) do update"
            + " set last_sync_at = excluded.last_sync_at, last_error = null, last_error_at = null",
        at,
        null);
  }

  /** A poll of {@code account} failed at {@code at} with {@code failure}. */
  public void failed(UUID account, RuntimeException failure, Instant at) {
    write(
        account,
        "insert into provider_status (account_id, last_error, last_error_at)"
            + " select id, ?3, ?2 from trading_account where id = ?1"
            + " on conflict (account_id) do update"
            + " set last_error = excluded.last_error, last_error_at = excluded.last_error_at",
        at,
        safeMessage(failure));
  }

  private void write(UUID account, String sql, Instant at, String error) {
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                var query = db.createNativeQuery(sql).setParameter(1, account).setParameter(2, at);
                if (error != null) {
                  query.setParameter(3, error);
                }
                query.executeUpdate();
              });
    } catch (PersistenceException e) {
      // The account was deleted while its poll was under way: there is nothing left to report on.
      LOG.debugf("account %s: provider status not stored: %s", account, e.getMessage());
    }
  }

  /**
   * What the dashboard may show of a failure: account-service's own messages about a provider call
   * ({@link ProviderException}, which name the call and the HTTP status, never a body or a key),
   * the open circuit, or a generic line for anything unexpected (its details go to the log only).
   */
  static String safeMessage(RuntimeException failure) {
    String message;
    if (failure instanceof CircuitBreakerOpenException) {
      message = "calls to the provider are paused after repeated failures (circuit open)";
    } else if (failure instanceof ProviderException && failure.getMessage() != null) {
      message = failure.getMessage();
    } else {
      message = "unexpected error while polling (details in the service log)";
    }
    return message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) : message;
  }

  /** The status of one account, read by {@code provider}. */
  public ProviderStatus of(UUID account, Instant createdAt, AccountProvider provider) {
    return view(rows(List.of(account)).get(account), createdAt, provider, Instant.now());
  }

  /**
   * The statuses of several accounts at once, by id; {@code created} and {@code providers} by id.
   */
  public Map<UUID, ProviderStatus> of(
      Map<UUID, Instant> created, Map<UUID, AccountProvider> providers) {
    Map<UUID, Row> rows = rows(created.keySet());
    Instant now = Instant.now();
    Map<UUID, ProviderStatus> statuses = new HashMap<>();
    created.forEach((id, at) -> statuses.put(id, view(rows.get(id), at, providers.get(id), now)));
    return statuses;
  }

  private ProviderStatus view(Row row, Instant createdAt, AccountProvider provider, Instant now) {
    Instant lastSync = row == null ? null : row.lastSyncAt();
    // Never synced: stale once it has had as long as a synced account gets.
    Instant since = lastSync != null ? lastSync : createdAt;
    boolean stale = since == null || since.plus(staleAfter).isBefore(now);
    return new ProviderStatus(
        lastSync,
        stale,
        staleAfter,
        row == null ? null : row.lastError(),
        row == null ? null : row.lastErrorAt(),
        provider != null && provider.circuitOpen());
  }

  @SuppressWarnings("unchecked")
  private Map<UUID, Row> rows(Collection<UUID> accounts) {
    Map<UUID, Row> rows = new HashMap<>();
    if (accounts.isEmpty()) {
      return rows;
    }
    List<Object[]> found =
        QuarkusTransaction.joiningExisting()
            .call(
                () ->
                    db.createNativeQuery(
                            "select account_id, last_sync_at, last_error, last_error_at"
                                + " from provider_status where account_id in (?1)")
                        .setParameter(1, accounts)
                        .getResultList());
    for (Object[] r : found) {
      rows.put((UUID) r[0], new Row(instant(r[1]), (String) r[2], instant(r[3])));
    }
    return rows;
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    return ((java.sql.Timestamp) value).toInstant();
  }
}
