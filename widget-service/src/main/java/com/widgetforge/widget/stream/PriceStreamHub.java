package com.widgetforge.widget.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Who listens to which symbols on {@code /ws/price-stream}, and sending to them: each tick to the
 * connections subscribed to its symbol, and every symbol once a broadcast interval to the
 * connections that subscribed to nothing (the old system's behaviour).
 */
@ApplicationScoped
public class PriceStreamHub {

  private static final Logger LOG = Logger.getLogger(PriceStreamHub.class);

  private final LatestTicks latest;
  private final ObjectMapper json;
  private final StreamConfig config;

  /** An open connection and how many messages it has not yet been sent. */
  private record Client(
      WebSocketConnection connection, AtomicInteger queued, AtomicBoolean stalled) {
    String id() {
      return connection.id();
    }
  }

  /** Every open connection; those without subscriptions get the periodic snapshot. */
  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  /** Each subscribed connection's symbols. */
  private final Map<String, Set<String>> symbolsOf = new ConcurrentHashMap<>();

  private final Counter dropped;
  private final Counter sent;

  /** Subscribed connections by symbol. */
  private final Map<String, Map<String, Client>> bySymbol = new ConcurrentHashMap<>();

  public PriceStreamHub(
      LatestTicks latest, ObjectMapper json, StreamConfig config, MeterRegistry meters) {
    this.latest = latest;
    this.json = json;
    this.config = config;
    this.dropped =
        Counter.builder("widgetforge.stream.messages.dropped")
            .description("messages not sent because the client had too many unsent")
            .register(meters);
    this.sent =
        Counter.builder("widgetforge.stream.messages.sent")
            .description("messages sent to browsers")
            .register(meters);
    Gauge.builder("widgetforge.stream.connections", this, PriceStreamHub::connections)
        .register(meters);
  }

  void opened(WebSocketConnection connection) {
    clients.put(connection.id(), new Client(connection, new AtomicInteger(), new AtomicBoolean()));
  }

  synchronized void closed(WebSocketConnection connection) {
    clients.remove(connection.id());
    Set<String> symbols = symbolsOf.remove(connection.id());
    if (symbols != null) {
      symbols.forEach(symbol -> forget(symbol, connection.id()));
    }
  }

  /**
   * Applies a request to a connection's subscription and returns the reply: the symbols it now
   * follows, those not seen yet, and the latest tick of each.
   */
  synchronized String apply(WebSocketConnection connection, StreamRequest request)
      throws StreamRequest.Invalid {
    Set<String> current = new LinkedHashSet<>(symbolsOf.getOrDefault(connection.id(), Set.of()));
    Set<String> next = new LinkedHashSet<>(current);
    next.addAll(request.subscribe());
    next.removeAll(request.unsubscribe());
    if (next.size() > config.maxSymbols()) {
      throw new StreamRequest.Invalid("at most " + config.maxSymbols() + " symbols per connection");
    }
    Client client = clients.get(connection.id());
    if (client == null) {
      throw new StreamRequest.Invalid("the connection is closing");
    }
    symbolsOf.put(connection.id(), Set.copyOf(next));
    for (String symbol : current) {
      if (!next.contains(symbol)) {
        forget(symbol, connection.id());
      }
    }
    for (String symbol : next) {
      // One atomic step: a concurrent forget() cannot drop the map this lands in.
      bySymbol.compute(
          symbol,
          (s, connections) -> {
            Map<String, Client> all = connections == null ? new ConcurrentHashMap<>() : connections;
            all.put(connection.id(), client);
            return all;
          });
    }
    if (!connection.isOpen()) {
      closed(connection);
    }
    List<PriceTick> ticks = latest.of(next);
    List<String> unknown = new ArrayList<>(next);
    ticks.forEach(tick -> unknown.remove(tick.symbol()));
    ObjectNode reply = json.createObjectNode().put("type", "subscribed");
    reply.set("symbols", json.valueToTree(next));
    reply.set("unknown", json.valueToTree(unknown));
    reply.set("ticks", json.valueToTree(ticks));
    return reply.toString();
  }

  private void forget(String symbol, String connectionId) {
    bySymbol.computeIfPresent(
        symbol,
        (s, connections) -> {
          connections.remove(connectionId);
          return connections.isEmpty() ? null : connections;
        });
  }

  /** Sends {@code tick} to every connection subscribed to its symbol. */
  public void publish(PriceTick tick) {
    Map<String, Client> listeners = bySymbol.get(tick.symbol());
    if (listeners == null || listeners.isEmpty()) {
      return;
    }
    ObjectNode message = json.valueToTree(tick);
    String text = json.createObjectNode().put("type", "tick").setAll(message).toString();
    listeners.values().forEach(client -> send(client, text));
  }

  @Scheduled(
      every = "${widget.stream.broadcast-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void broadcastToUnsubscribed() throws JsonProcessingException {
    List<Client> unsubscribed =
        clients.values().stream().filter(client -> !symbolsOf.containsKey(client.id())).toList();
    if (unsubscribed.isEmpty()) {
      return;
    }
    ObjectNode snapshot = json.createObjectNode().put("type", "snapshot");
    snapshot.set("ticks", json.valueToTree(latest.all()));
    String text = json.writeValueAsString(snapshot);
    unsubscribed.forEach(client -> send(client, text));
  }

  public int connections() {
    return clients.size();
  }

  /**
   * Sends unless the client already has {@code max-pending-messages} unsent: a client that does not
   * read loses updates (the next tick supersedes them) instead of growing server memory, and one
   * that stays that far behind for a whole broadcast interval is disconnected.
   */
  private void send(Client client, String text) {
    AtomicInteger queued = client.queued();
    if (!client.connection().isOpen()) {
      return;
    }
    if (queued.get() >= config.maxPendingMessages()) {
      dropped.increment();
      return;
    }
    queued.incrementAndGet();
    client
        .connection()
        .sendText(text)
        .subscribe()
        .with(
            done -> {
              queued.decrementAndGet();
              sent.increment();
            },
            failure -> {
              queued.decrementAndGet();
              LOG.debugf("send to %s failed: %s", client.id(), failure.getMessage());
            });
  }

  /** Closes connections that stayed saturated over two checks: they are not reading. */
  @Scheduled(
      every = "${widget.stream.broadcast-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void closeStalledClients() {
    for (Client client : clients.values()) {
      boolean saturated = client.queued().get() >= config.maxPendingMessages();
      boolean wasSaturated = client.stalled().getAndSet(saturated);
      if (saturated && wasSaturated) {
        LOG.infof("closing stream %s: the client does not read", client.id());
        client
            .connection()
            .close(new CloseReason(1008, "not reading"))
            .subscribe()
            .with(ok -> {}, e -> {});
      }
    }
  }
}
