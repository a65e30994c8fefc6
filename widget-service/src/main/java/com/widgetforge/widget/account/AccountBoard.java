package com.widgetforge.widget.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every account's latest snapshot ({@code account.snapshots}) and every trader's display name
 * ({@code auth.users}). Both topics are compacted and read from the start by each instance, so a
 * fresh instance knows every account before it serves account widgets.
 */
@ApplicationScoped
public class AccountBoard {

  private static final Logger LOG = Logger.getLogger(AccountBoard.class);

  private final ObjectMapper json;
  private final AccountStreamHub hub;
  private final Map<String, JsonNode> snapshots = new ConcurrentHashMap<>();
  private final Map<String, String> displayNames = new ConcurrentHashMap<>();

  /**
   * Accounts deleted while this instance ran, or whose tombstone it read (the compacted topic keeps
   * tombstones for a day): bounded, so a flood of deletions cannot grow it.
   */
  private final Cache<String, Boolean> removed =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofDays(30)).build();

  AccountBoard(ObjectMapper json, AccountStreamHub hub) {
    this.json = json;
    this.hub = hub;
  }

  @Incoming("account-snapshots")
  void onSnapshot(Record<String, String> record) {
    if (record.value() == null && record.key() != null) {
      // A tombstone: the account was deleted. Its widgets say so from now on.
      snapshots.remove(record.key());
      removed.put(record.key(), Boolean.TRUE);
      hub.removed(record.key());
      return;
    }
    JsonNode snapshot = read(record.value(), "accountId", "ownerId", "timeMsc");
    if (snapshot == null) {
      return;
    }
    String accountId = snapshot.get("accountId").asText();
    if (wasRemoved(accountId)) {
      return; // a poll that finished after the deletion: the account stays gone
    }
    JsonNode kept =
        snapshots.merge(
            accountId,
            snapshot,
            (old, next) ->
                next.get("timeMsc").asLong() >= old.get("timeMsc").asLong() ? next : old);
    if (kept == snapshot) {
      hub.publish(snapshot);
    }
  }

  @Incoming("auth-users")
  void onUser(String payload) {
    JsonNode user = read(payload, "userId", "displayName");
    if (user != null) {
      displayNames.put(user.get("userId").asText(), user.get("displayName").asText());
    }
  }

  private JsonNode read(String payload, String... required) {
    if (payload == null) {
      return null;
    }
    try {
      JsonNode node = json.readTree(payload);
      for (String field : required) {
        if (node == null || !node.hasNonNull(field)) {
          throw new IllegalArgumentException("no " + field);
        }
      }
      return node;
    } catch (Exception e) {
      LOG.warnf("skipping an event without the expected fields (%s)", e.getMessage());
      return null;
    }
  }

  public Optional<JsonNode> latest(String accountId) {
    return Optional.ofNullable(snapshots.get(accountId));
  }

  /** The latest snapshot of each account {@code ownerId} owns. */
  public List<JsonNode> ownedBy(String ownerId) {
    return snapshots.values().stream()
        .filter(snapshot -> snapshot.get("ownerId").asText().equals(ownerId))
        .toList();
  }

  /** Whether the account was deleted (its widgets say it is gone rather than wait for data). */
  public boolean wasRemoved(String accountId) {
    return removed.getIfPresent(accountId) != null;
  }

  /** The latest snapshot of every account. */
  public List<JsonNode> all() {
    return List.copyOf(snapshots.values());
  }

  /** The owner's display name, or "a trader" until auth.users has named them. */
  public String displayName(String ownerId) {
    return displayNames.getOrDefault(ownerId, "a trader");
  }

  /** For tests and the admin view: how many accounts are known. */
  public int size() {
    return snapshots.size();
  }
}
