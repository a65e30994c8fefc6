package com.widgetforge.widget.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.widget.stream.StreamClient;
import com.widgetforge.widget.stream.StreamConfig;
import io.quarkus.scheduler.Scheduled;
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

  /** What one connection follows under {@code key}: an account, its public fields, a locale. */
  record Watch(StreamClient client, String key, List<String> fields, String locale) {}

  private final Map<String, StreamClient> clients = new ConcurrentHashMap<>();

  /** accountId → (connection id + key) → watch. */
  private final Map<String, Map<String, Watch>> byAccount = new ConcurrentHashMap<>();

  /** connection id → accounts it watches. */
  private final Map<String, Set<String>> accountsOf = new ConcurrentHashMap<>();

  @Inject AccountBoard board;
  @Inject ObjectMapper json;
  @Inject StreamConfig config;
  @Inject AccountWidgetConfig accountConfig;

  void opened(WebSocketConnection connection) {
    clients.put(connection.id(), new StreamClient(connection));
  }

  void seen(WebSocketConnection connection) {
    StreamClient client = clients.get(connection.id());
    if (client != null) {
      client.seen();
    }
  }

  synchronized void closed(WebSocketConnection connection) {
    clients.remove(connection.id());
    Set<String> accounts = accountsOf.remove(connection.id());
    if (accounts != null) {
      for (String account : accounts) {
        byAccount.computeIfPresent(
            account,
            (a, watches) -> {
              watches.keySet().removeIf(k -> k.startsWith(connection.id() + "/"));
              return watches.isEmpty() ? null : watches;
            });
      }
    }
  }

  /** How many things the connection watches already. */
  int watching(WebSocketConnection connection) {
    return (int)
        byAccount.values().stream()
            .flatMap(w -> w.keySet().stream())
            .filter(k -> k.startsWith(connection.id() + "/"))
            .count();
  }

  /**
   * Starts sending {@code accountId}'s snapshots to the connection under {@code key} and returns
   * its current card (or a waiting card).
   */
  synchronized AccountCard watch(
      WebSocketConnection connection,
      String key,
      String accountId,
      List<String> fields,
      String locale) {
    StreamClient client = clients.get(connection.id());
    if (client == null) {
      throw new IllegalStateException("the connection is closing");
    }
    byAccount
        .computeIfAbsent(accountId, a -> new ConcurrentHashMap<>())
        .put(connection.id() + "/" + key, new Watch(client, key, fields, locale));
    accountsOf.computeIfAbsent(connection.id(), c -> ConcurrentHashMap.newKeySet()).add(accountId);
    return card(accountId, fields, locale);
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
        .orElseGet(() -> AccountCard.waiting("", fields));
  }

  /** Sends a new snapshot to everyone watching its account. */
  void publish(JsonNode snapshot) {
    Map<String, Watch> watches = byAccount.get(snapshot.get("accountId").asText());
    if (watches == null) {
      return;
    }
    String owner = board.displayName(snapshot.get("ownerId").asText());
    for (Watch watch : watches.values()) {
      AccountCard card =
          AccountCard.of(
              snapshot,
              owner,
              watch.fields(),
              watch.locale(),
              accountConfig.staleAfter().toMillis());
      ObjectNode message = json.createObjectNode().put("type", "account").put("key", watch.key());
      message.set("card", json.valueToTree(card));
      watch.client().send(message.toString(), config.maxPendingMessages());
    }
  }

  @Scheduled(
      every = "${widget.stream.broadcast-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void closeDeadClients() {
    long now = System.currentTimeMillis();
    for (StreamClient client : clients.values()) {
      client.closeIfDead(config.maxPendingMessages(), config.idleTimeout().toMillis(), now);
    }
  }
}
