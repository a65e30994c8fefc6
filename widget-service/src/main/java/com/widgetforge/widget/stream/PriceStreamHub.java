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

  /** Connections that have not subscribed: they get the periodic snapshot. */
  private final Map<String, WebSocketConnection> unsubscribed = new ConcurrentHashMap<>();

  /** Each subscribed connection's symbols. */
  private final Map<String, Set<String>> symbolsOf = new ConcurrentHashMap<>();

  /** Messages handed to each connection and not yet written. */
  private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();

  /** Connections seen saturated at the previous check. */
  private final Map<String, Boolean> stalled = new ConcurrentHashMap<>();

  private final Counter dropped;

  /** Subscribed connections by symbol. */
  private final Map<String, Map<String, WebSocketConnection>> bySymbol = new ConcurrentHashMap<>();

  public PriceStreamHub(
      LatestTicks latest, ObjectMapper json, StreamConfig config, MeterRegistry meters) {
    this.latest = latest;
    this.json = json;
    this.config = config;
    this.dropped =
        Counter.builder("widgetforge.stream.messages.dropped")
            .description("messages not sent because the client had too many unsent")
            .register(meters);
    Gauge.builder("widgetforge.stream.connections", this, PriceStreamHub::connections)
        .register(meters);
  }

  void opened(WebSocketConnection connection) {
    unsubscribed.put(connection.id(), connection);
    pending.put(connection.id(), new AtomicInteger());
  }

  synchronized void closed(WebSocketConnection connection) {
    unsubscribed.remove(connection.id());
    pending.remove(connection.id());
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
    unsubscribed.remove(connection.id());
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
            Map<String, WebSocketConnection> all =
                connections == null ? new ConcurrentHashMap<>() : connections;
            all.put(connection.id(), connection);
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
    Map<String, WebSocketConnection> listeners = bySymbol.get(tick.symbol());
    if (listeners == null || listeners.isEmpty()) {
      return;
    }
    ObjectNode message = json.valueToTree(tick);
    String text = json.createObjectNode().put("type", "tick").setAll(message).toString();
    listeners.values().forEach(connection -> send(connection, text));
  }

  @Scheduled(
      every = "${widget.stream.broadcast-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void broadcastToUnsubscribed() throws JsonProcessingException {
    if (unsubscribed.isEmpty()) {
      return;
    }
    ObjectNode snapshot = json.createObjectNode().put("type", "snapshot");
    snapshot.set("ticks", json.valueToTree(latest.all()));
    String text = json.writeValueAsString(snapshot);
    unsubscribed.values().forEach(connection -> send(connection, text));
  }

  public int connections() {
    return unsubscribed.size() + symbolsOf.size();
  }

  /**
   * Sends unless the client already has {@code max-pending-messages} unsent: a client that does not
   * read loses updates (the next tick supersedes them) instead of growing server memory, and one
   * that stays that far behind for a whole broadcast interval is disconnected.
   */
  private void send(WebSocketConnection connection, String text) {
    AtomicInteger queued = pending.get(connection.id());
    if (queued == null || !connection.isOpen()) {
      return;
    }
    if (queued.get() >= config.maxPendingMessages()) {
      dropped.increment();
      return;
    }
    queued.incrementAndGet();
    connection
        .sendText(text)
        .subscribe()
        .with(
            sent -> queued.decrementAndGet(),
            failure -> {
              queued.decrementAndGet();
              LOG.debugf("send to %s failed: %s", connection.id(), failure.getMessage());
            });
  }

  /** Closes connections that stayed saturated: they are not reading. */
  @Scheduled(
      every = "${widget.stream.broadcast-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void closeStalledClients() {
    pending.forEach(
        (id, queued) -> {
          if (queued.get() >= config.maxPendingMessages()) {
            WebSocketConnection connection = unsubscribed.get(id);
            if (connection == null) {
              connection = findSubscribed(id);
            }
            if (connection != null && stalled.remove(id) != null) {
              LOG.infof("closing stream %s: the client does not read", id);
              connection
                  .close(new CloseReason(1008, "not reading"))
                  .subscribe()
                  .with(ok -> {}, e -> {});
            } else {
              stalled.put(id, Boolean.TRUE);
            }
          } else {
            stalled.remove(id);
          }
        });
  }

  private WebSocketConnection findSubscribed(String id) {
    for (Map<String, WebSocketConnection> connections : bySymbol.values()) {
      WebSocketConnection connection = connections.get(id);
      if (connection != null) {
        return connection;
      }
    }
    return null;
  }
}
