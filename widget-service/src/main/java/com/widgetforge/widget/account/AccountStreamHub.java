package com.widgetforge.widget.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.kit.security.RevokedSessions;
import com.widgetforge.widget.stream.ConnectionClient;
import com.widgetforge.widget.stream.StreamConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who watches which account on {@code /ws/account-stream}, and sending each of them a new snapshot
 * as a card of only the fields their widget shows.
 */
@ApplicationScoped
public class AccountStreamHub {

  /**
   * The signed-in session a watch of one's own account rests on: its id and expiry. When the
   * session is revoked or expires, the watch ends and the connection is closed.
   */
  record Session(String id, long expiresAtMsc) {}

  /**
   * What one connection follows under {@code key} (a widget token, or an account id for its owner):
   * an account, its public fields, a locale, the session for an owner's watch, and whether it is an
   * equity curve (its messages also carry the snapshot's {@link CurvePoint}).
   */
  record Watch(
      ConnectionClient client,
      String key,
      String accountId,
      List<String> fields,
      String locale,
      Session session,
      boolean curve) {}

  private final Map<String, ConnectionClient> clients = new ConcurrentHashMap<>();

  /** accountId → (connection id + "/" + key) → watch. */
  private final Map<String, Map<String, Watch>> byAccount = new ConcurrentHashMap<>();

  /** connection id → key → accountId: what each connection watches. */
  private final Map<String, Map<String, String>> keysOf = new ConcurrentHashMap<>();

  /** Connections whose handshake came from this suite's own pages (may follow own accounts). */
  private final Set<String> ownOrigin = ConcurrentHashMap.newKeySet();

  @Inject AccountBoard board;
  @Inject ObjectMapper json;
  @Inject StreamConfig config;
  @Inject AccountWidgetConfig accountConfig;
  @Inject RevokedSessions revoked;

  void opened(WebSocketConnection connection, boolean fromOwnOrigin) {
    clients.put(connection.id(), new ConnectionClient(connection, config.maxPendingMessages()));
    keysOf.put(connection.id(), new ConcurrentHashMap<>());
    if (fromOwnOrigin) {
      ownOrigin.add(connection.id());
    }
  }

  boolean fromOwnOrigin(WebSocketConnection connection) {
    return ownOrigin.contains(connection.id());
  }

  /** A pong or message: a sign of life. */
  void seen(WebSocketConnection connection) {
    ConnectionClient client = clients.get(connection.id());
    if (client != null) {
      client.seen();
    }
  }

  /** A message: a sign of life, and whether it may be answered (the client's message rate). */
  boolean admit(WebSocketConnection connection) {
    ConnectionClient client = clients.get(connection.id());
    if (client == null) {
      return false;
    }
    client.seen();
    return client.admit(config.maxClientMessagesPerSecond());
  }

  synchronized void closed(WebSocketConnection connection) {
    clients.remove(connection.id());
    ownOrigin.remove(connection.id());
    Map<String, String> keys = keysOf.remove(connection.id());
    if (keys != null) {
      keys.forEach((key, account) -> unwatch(connection.id(), key, account));
    }
  }

  private void unwatch(String connectionId, String key, String accountId) {
    byAccount.computeIfPresent(
        accountId,
        (a, watches) -> {
          watches.remove(connectionId + "/" + key);
          return watches.isEmpty() ? null : watches;
        });
  }

  /** How many widgets and accounts the connection watches. */
  int watching(WebSocketConnection connection) {
    Map<String, String> keys = keysOf.get(connection.id());
    return keys == null ? 0 : keys.size();
  }

  /**
   * Starts sending {@code accountId}'s snapshots to the connection under {@code key} (replacing
   * what the key followed before) and returns its current card (or a waiting card).
   */
  synchronized AccountCard watch(
      WebSocketConnection connection,
      String key,
      String accountId,
      List<String> fields,
      String locale,
      Session session) {
    return watch(connection, key, accountId, fields, locale, session, false);
  }

  /** The same; {@code curve}: an equity-curve widget, whose messages carry each new point. */
  synchronized AccountCard watch(
      WebSocketConnection connection,
      String key,
      String accountId,
      List<String> fields,
      String locale,
      Session session,
      boolean curve) {
    ConnectionClient client = clients.get(connection.id());
    Map<String, String> keys = keysOf.get(connection.id());
    if (client == null || keys == null) {
      throw new IllegalStateException("the connection is closing");
    }
    String before = keys.put(key, accountId);
    if (before != null) {
      unwatch(connection.id(), key, before);
    }
    byAccount
        .computeIfAbsent(accountId, a -> new ConcurrentHashMap<>())
        .put(
            connection.id() + "/" + key,
            new Watch(client, key, accountId, fields, locale, session, curve));
    return card(accountId, fields, locale);
  }

  /**
   * Ends every watch of widget {@code key} (it was changed or deleted): its viewers get nothing
   * more under the old options until they subscribe again.
   */
  public synchronized void forget(String key) {
    keysOf.forEach(
        (connectionId, keys) -> {
          String account = keys.remove(key);
          if (account != null) {
            unwatch(connectionId, key, account);
          }
        });
  }

  /** The card {@code fields} make of the account's latest snapshot. */
  public AccountCard card(String accountId, List<String> fields, String locale) {
    return board
        .latest(accountId)
        .map(
            s ->
                AccountCard.of(
                    s,
                    board.displayName(s.get("ownerId").asText()),
                    fields,
                    locale,
                    accountConfig.staleAfter().toMillis()))
        .orElseGet(
            () ->
                board.wasRemoved(accountId)
                    ? AccountCard.removed(fields, locale)
                    : AccountCard.waiting("", fields, locale));
  }

  /** Tells everyone watching a deleted account that it is gone. */
  void removed(String accountId) {
    Map<String, Watch> watches = byAccount.get(accountId);
    if (watches == null) {
      return;
    }
    for (Watch watch : watches.values()) {
      ObjectNode message = json.createObjectNode().put("type", "account").put("key", watch.key());
      message.set("card", json.valueToTree(AccountCard.removed(watch.fields(), watch.locale())));
      watch.client().send(message.toString());
    }
  }

  /** Sends a new snapshot to everyone watching its account. */
  void publish(JsonNode snapshot) {
    Map<String, Watch> watches = byAccount.get(snapshot.get("accountId").asText());
    if (watches == null) {
      return;
    }
    String owner = board.displayName(snapshot.get("ownerId").asText());
    long now = System.currentTimeMillis();
    for (Watch watch : watches.values()) {
      Session session = watch.session();
      if (session != null && (now > session.expiresAtMsc() || revoked.isRevoked(session.id()))) {
        endSession(watch.client());
        continue;
      }
      AccountCard card =
          AccountCard.of(
              snapshot,
              owner,
              watch.fields(),
              watch.locale(),
              accountConfig.staleAfter().toMillis());
      ObjectNode message = json.createObjectNode().put("type", "account").put("key", watch.key());
      message.set("card", json.valueToTree(card));
      if (watch.curve()) {
        message.set("point", json.valueToTree(CurvePoint.of(snapshot)));
      }
      watch.client().send(message.toString());
    }
  }

  /** A watch of one's own account outlived its session: the connection is closed. */
  private void endSession(ConnectionClient client) {
    closed(client.connection());
    client
        .connection()
        .close(new CloseReason(1008, "session ended"))
        .subscribe()
        .with(ok -> {}, e -> {});
  }

  @Scheduled(
      every = "${widget.stream.broadcast-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void closeDeadClients() {
    long now = System.currentTimeMillis();
    for (ConnectionClient client : clients.values()) {
      client.closeIfDead(config.idleTimeout().toMillis(), now);
    }
  }
}
