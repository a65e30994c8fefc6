package com.widgetforge.widget.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who listens to which symbols on {@code /ws/price-stream}, and sending to them: each tick and each
 * opening or closing of its market to the connections subscribed to its symbol, and every symbol
 * once a broadcast interval to the connections that subscribed to nothing (the old system's
 * behaviour). Every tick sent carries its symbol's market state and day open.
 */
@ApplicationScoped
public class PriceStreamHub {

  private final LatestTicks latest;
  private final ObjectMapper json;
  private final StreamConfig config;
  private final Vertx vertx;

  /** Whether a flush of coalesced ticks is due; none is scheduled while nothing waits. */
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  /** An open connection with its cap on updates per symbol ({@link TickCoalescer}). */
  private static final class Client extends StreamClient {
    private final TickCoalescer coalescer;

    Client(WebSocketConnection connection, StreamConfig config) {
      super(connection);
      this.coalescer = new TickCoalescer(config.maxUpdatesPerSecond(), config.updateBurst());
    }

    synchronized boolean offer(PriceTick tick, long nowMsc) {
      return coalescer.offer(tick, nowMsc);
    }

    synchronized List<PriceTick> due(long nowMsc) {
      return coalescer.due(nowMsc);
    }

    synchronized boolean hasPending() {
      return coalescer.hasWaiting();
    }

    synchronized void forget(String symbol) {
      coalescer.forget(symbol);
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
      LatestTicks latest,
      ObjectMapper json,
      StreamConfig config,
      MeterRegistry meters,
      Vertx vertx) {
    // A bad cap fails the start, not every WebSocket that opens.
    new TickCoalescer(config.maxUpdatesPerSecond(), config.updateBurst());
    this.vertx = vertx;
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
    clients.put(connection.id(), new Client(connection, config));
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
        client.forget(symbol);
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
    reply.set("ticks", entries(ticks));
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

  /**
   * Sends {@code tick} to every connection subscribed to its symbol, serialized once for all of
   * them, or keeps it as that connection's waiting tick when the connection is over its cap.
   */
  public void publish(PriceTick tick) {
    Map<String, Client> listeners = bySymbol.get(tick.symbol());
    if (listeners == null || listeners.isEmpty()) {
      return;
    }
    long now = monotonicMsc();
    String text = null;
    boolean coalesced = false;
    for (Client client : listeners.values()) {
      if (client.offer(tick, now)) {
        if (text == null) {
          text = message(tick);
        }
        send(client, text);
      } else {
        coalesced = true;
      }
    }
    if (coalesced) {
      scheduleFlush();
    }
  }

  /**
   * Tells every connection subscribed to {@code symbol} that its market opened or closed: {@code
   * {"type":"market","symbol":...,"market":"open"|"closed"}}. Rare, so never coalesced.
   */
  public void publishMarket(String symbol, Market market) {
    Map<String, Client> listeners = bySymbol.get(symbol);
    if (listeners == null || listeners.isEmpty()) {
      return;
    }
    String text =
        json.createObjectNode()
            .put("type", "market")
            .put("symbol", symbol)
            .put("market", market.label())
            .toString();
    listeners.values().forEach(client -> send(client, text));
  }

  /**
   * Tells every connection subscribed to {@code symbol} its new day open (the D1 bar rolled over,
   * or it became known or unknown without a newer price): {@code
   * {"type":"day","symbol":...,"dayOpen":1.08412}}, without {@code dayOpen} when unknown. At most
   * once a day per symbol, so never coalesced.
   */
  public void publishDayOpen(String symbol, Double dayOpen) {
    Map<String, Client> listeners = bySymbol.get(symbol);
    if (listeners == null || listeners.isEmpty()) {
      return;
    }
    ObjectNode message = json.createObjectNode().put("type", "day").put("symbol", symbol);
    if (dayOpen != null) {
      message.put("dayOpen", dayOpen.doubleValue());
    }
    String text = message.toString();
    listeners.values().forEach(client -> send(client, text));
  }

  /** Looks at the coalesced ticks again after {@code flush-interval}, while any wait. */
  private void scheduleFlush() {
    if (flushScheduled.compareAndSet(false, true)) {
      vertx.setTimer(
          config.flushInterval().toMillis(),
          timer -> {
            flushScheduled.set(false);
            if (flushPending()) {
              scheduleFlush();
            }
          });
    }
  }

  /** Sends the coalesced ticks that have a token again; returns whether any still wait. */
  boolean flushPending() {
    long now = monotonicMsc();
    boolean waiting = false;
    // One frame per tick, shared by every connection it goes to in this flush.
    Map<PriceTick, String> frames = new IdentityHashMap<>();
    for (Client client : clients.values()) {
      for (PriceTick tick : client.due(now)) {
        // a tick kept just before its symbol was unsubscribed is not sent
        if (symbolsOf.getOrDefault(client.id(), Set.of()).contains(tick.symbol())) {
          send(client, frames.computeIfAbsent(tick, this::message));
        }
      }
      waiting |= client.hasPending();
    }
    return waiting;
  }

  /** The coalescer's clock: monotonic, so a wall-clock step (NTP) never stalls the buckets. */
  private static long monotonicMsc() {
    return System.nanoTime() / 1_000_000;
  }

  private String message(PriceTick tick) {
    return json.createObjectNode().put("type", "tick").setAll(entry(tick)).toString();
  }

  /**
   * A tick as browsers get it: its fields and its symbol's market state and day open (when known),
   * as of now. Built once per frame, whatever the number of connections it goes to.
   */
  private ObjectNode entry(PriceTick tick) {
    ObjectNode entry = json.valueToTree(tick);
    entry.put("market", latest.market(tick.symbol()).label());
    Double dayOpen = latest.dayOpen(tick.symbol());
    if (dayOpen != null) {
      entry.put("dayOpen", dayOpen.doubleValue());
    }
    return entry;
  }

  private ArrayNode entries(List<PriceTick> ticks) {
    ArrayNode entries = json.createArrayNode();
    ticks.forEach(tick -> entries.add(entry(tick)));
    return entries;
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
    snapshot.set("ticks", entries(latest.all()));
    String text = json.writeValueAsString(snapshot);
    unsubscribed.forEach(client -> send(client, text));
  }

  public int connections() {
    return clients.size();
  }

  /** Sends unless the client has too many unsent messages (then the update is dropped). */
  private void send(Client client, String text) {
    if (client.send(text, config.maxPendingMessages())) {
      sent.increment();
    } else {
      dropped.increment();
    }
  }

  /** A pong or message: a sign of life. */
  void seen(WebSocketConnection connection) {
    Client client = clients.get(connection.id());
    if (client != null) {
      client.seen();
    }
  }

  /** A message: a sign of life, and whether it may be answered (the client's message rate). */
  boolean admit(WebSocketConnection connection) {
    Client client = clients.get(connection.id());
    if (client == null) {
      return false;
    }
    client.seen();
    return client.admit(config.maxClientMessagesPerSecond());
  }

  /** Closes connections that do not read or stopped answering pings. */
  @Scheduled(
      every = "${widget.stream.broadcast-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void closeDeadClients() {
    long now = System.currentTimeMillis();
    for (Client client : clients.values()) {
      client.closeIfDead(config.maxPendingMessages(), config.idleTimeout().toMillis(), now);
    }
  }
}
