package com.widgetforge.widget.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

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

  /** Every open connection; those without subscriptions get the periodic snapshot. */
  private final Set<PriceStreamClient> clients = ConcurrentHashMap.newKeySet();

  private final Counter dropped;
  private final Counter sent;

  /** Subscribed connections by symbol. */
  private final Map<String, Set<PriceStreamClient>> bySymbol = new ConcurrentHashMap<>();

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

  /** A socket opened on the event loop of {@code context}. */
  PriceStreamClient opened(ServerWebSocket socket, ChannelHandlerContext channel, Context context) {
    PriceStreamClient client = new PriceStreamClient(socket, channel, context, config);
    clients.add(client);
    return client;
  }

  synchronized void closed(PriceStreamClient client) {
    clients.remove(client);
    client.symbols().forEach(symbol -> forget(symbol, client));
    client.symbols(Set.of());
  }

  /**
   * Applies a request to a connection's subscription and returns the reply: the symbols it now
   * follows, those not seen yet, and the latest tick of each.
   */
  synchronized String apply(PriceStreamClient client, StreamRequest request)
      throws StreamRequest.Invalid {
    if (!clients.contains(client)) {
      throw new StreamRequest.Invalid("the connection is closing");
    }
    Set<String> current = client.symbols();
    Set<String> next = new LinkedHashSet<>(current);
    next.addAll(request.subscribe());
    next.removeAll(request.unsubscribe());
    if (next.size() > config.maxSymbols()) {
      throw new StreamRequest.Invalid("at most " + config.maxSymbols() + " symbols per connection");
    }
    client.symbols(Collections.unmodifiableSet(next));
    for (String symbol : current) {
      if (!next.contains(symbol)) {
        forget(symbol, client);
        client.forget(symbol);
      }
    }
    for (String symbol : next) {
      // One atomic step: a concurrent forget() cannot drop the set this lands in.
      bySymbol.compute(
          symbol,
          (s, listeners) -> {
            Set<PriceStreamClient> all =
                listeners == null ? ConcurrentHashMap.newKeySet() : listeners;
            all.add(client);
            return all;
          });
    }
    if (!client.isOpen()) {
      closed(client);
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

  private void forget(String symbol, PriceStreamClient client) {
    bySymbol.computeIfPresent(
        symbol,
        (s, listeners) -> {
          listeners.remove(client);
          return listeners.isEmpty() ? null : listeners;
        });
  }

  /** Sends one tick as {@link #publish(List)} does. */
  public void publish(PriceTick tick) {
    publish(List.of(tick));
  }

  /**
   * Sends the ticks of one Kafka poll (at most one per symbol) to every connection subscribed to
   * any of them: each connection gets, in one frame, those of its symbols under its cap ({@code
   * {"type":"tick",...}} for one, {@code {"type":"ticks","ticks":[...]}} for more), and keeps the
   * others as its waiting ticks. Each distinct frame is serialized once for all who get it.
   */
  public void publish(List<PriceTick> ticks) {
    Set<PriceStreamClient> listeners = listenersOf(ticks);
    if (listeners.isEmpty()) {
      return;
    }
    // Which ticks a connection gets, as a set of indexes in ticks → the frame of those ticks.
    Map<BitSet, String> frames = new ConcurrentHashMap<>();
    onLoops(listeners, (group, wire) -> deliver(ticks, frames, group, wire));
  }

  private Set<PriceStreamClient> listenersOf(List<PriceTick> ticks) {
    if (ticks.size() == 1) {
      return bySymbol.getOrDefault(ticks.get(0).symbol(), Set.of());
    }
    Set<PriceStreamClient> all = Collections.newSetFromMap(new IdentityHashMap<>());
    for (PriceTick tick : ticks) {
      all.addAll(bySymbol.getOrDefault(tick.symbol(), Set.of()));
    }
    return all;
  }

  /**
   * Sends each of {@code group} its frame of {@code ticks}: those of its symbols that have a token;
   * the others wait as that connection's newest tick of their symbol.
   */
  private void deliver(
      List<PriceTick> ticks,
      Map<BitSet, String> frames,
      List<PriceStreamClient> group,
      LoopFrames wire) {
    long now = monotonicMsc();
    boolean coalesced = false;
    for (PriceStreamClient client : group) {
      Set<String> symbols = client.symbols();
      BitSet out = new BitSet(ticks.size());
      for (int i = 0; i < ticks.size(); i++) {
        PriceTick tick = ticks.get(i);
        if (symbols.contains(tick.symbol())) {
          if (client.offer(tick, now)) {
            out.set(i);
          } else {
            coalesced = true;
          }
        }
      }
      if (!out.isEmpty()) {
        String text =
            frames.computeIfAbsent(
                out, chosen -> frame(chosen.stream().mapToObj(ticks::get).toList()));
        send(client, text, wire);
      }
    }
    if (coalesced) {
      scheduleFlush();
    }
  }

  /**
   * Runs {@code action} on each event loop that has some of {@code clients}, with those and the
   * loop's frames: one task per loop, writing to its sockets in place (no hand-over per socket). On
   * the loop this thread is, at once. Every message of the hub goes this way, so that what one
   * thread sends in order (a tick, then its market's closing) reaches each socket in that order.
   */
  private void onLoops(
      Iterable<PriceStreamClient> clients, BiConsumer<List<PriceStreamClient>, LoopFrames> action) {
    Map<Thread, List<PriceStreamClient>> byLoop = new IdentityHashMap<>(8);
    for (PriceStreamClient client : clients) {
      byLoop.computeIfAbsent(client.loop(), loop -> new ArrayList<>()).add(client);
    }
    for (List<PriceStreamClient> group : byLoop.values()) {
      PriceStreamClient first = group.get(0);
      if (first.loop() == Thread.currentThread()) {
        onLoop(group, action);
      } else {
        first.context().runOnContext(ignored -> onLoop(group, action));
      }
    }
  }

  private void onLoop(
      List<PriceStreamClient> group, BiConsumer<List<PriceStreamClient>, LoopFrames> action) {
    try (LoopFrames wire = new LoopFrames()) {
      action.accept(group, wire);
    }
  }

  /**
   * The frames one event-loop task writes: each message encoded once ({@link TextFrames}), shared
   * by every socket it goes to, its buffer freed once the last of them has written it; and how many
   * were sent and dropped, counted into the meters once when the task ends.
   */
  private final class LoopFrames implements AutoCloseable {
    private final Map<String, ByteBuf> encoded = new IdentityHashMap<>();
    private int sentCount;
    private int droppedCount;

    ByteBuf of(String text) {
      return encoded.computeIfAbsent(text, TextFrames::encode);
    }

    @Override
    public void close() {
      encoded.values().forEach(ByteBuf::release);
      if (sentCount > 0) {
        sent.increment(sentCount);
      }
      if (droppedCount > 0) {
        dropped.increment(droppedCount);
      }
    }
  }

  /** Sends {@code text} to each of {@code group}. */
  private void sendAll(List<PriceStreamClient> group, String text, LoopFrames wire) {
    group.forEach(client -> send(client, text, wire));
  }

  /**
   * Tells every connection subscribed to {@code symbol} that its market opened or closed: {@code
   * {"type":"market","symbol":...,"market":"open"|"closed"}}. Rare, so never coalesced.
   */
  public void publishMarket(String symbol, Market market) {
    Set<PriceStreamClient> listeners = bySymbol.get(symbol);
    if (listeners == null || listeners.isEmpty()) {
      return;
    }
    String text =
        json.createObjectNode()
            .put("type", "market")
            .put("symbol", symbol)
            .put("market", market.label())
            .toString();
    onLoops(listeners, (group, wire) -> sendAll(group, text, wire));
  }

  /**
   * Tells every connection subscribed to {@code symbol} its new day open (the D1 bar rolled over,
   * or it became known or unknown without a newer price): {@code
   * {"type":"day","symbol":...,"dayOpen":1.08412}}, without {@code dayOpen} when unknown. At most
   * once a day per symbol, so never coalesced.
   */
  public void publishDayOpen(String symbol, Double dayOpen) {
    Set<PriceStreamClient> listeners = bySymbol.get(symbol);
    if (listeners == null || listeners.isEmpty()) {
      return;
    }
    ObjectNode message = json.createObjectNode().put("type", "day").put("symbol", symbol);
    if (dayOpen != null) {
      message.put("dayOpen", dayOpen.doubleValue());
    }
    String text = message.toString();
    onLoops(listeners, (group, wire) -> sendAll(group, text, wire));
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

  /**
   * Sends the coalesced ticks that have a token again, on each socket's loop; returns whether any
   * may still wait (then it looks again).
   */
  boolean flushPending() {
    // One frame per set of ticks, shared by every connection it goes to in this flush.
    Map<List<PriceTick>, String> frames = new ConcurrentHashMap<>();
    onLoops(clients, (group, wire) -> flush(group, frames, wire));
    return clients.stream().anyMatch(PriceStreamClient::hasPending);
  }

  private void flush(
      List<PriceStreamClient> group, Map<List<PriceTick>, String> frames, LoopFrames wire) {
    long now = monotonicMsc();
    for (PriceStreamClient client : group) {
      // a tick kept just before its symbol was unsubscribed is not sent
      List<PriceTick> due =
          client.due(now).stream()
              .filter(tick -> client.symbols().contains(tick.symbol()))
              .toList();
      if (!due.isEmpty()) {
        send(client, frames.computeIfAbsent(due, this::frame), wire);
      }
    }
  }

  /** The coalescer's clock: monotonic, so a wall-clock step (NTP) never stalls the buckets. */
  private static long monotonicMsc() {
    return System.nanoTime() / 1_000_000;
  }

  /** One tick as {@code {"type":"tick",...}}, several as {@code {"type":"ticks","ticks":[...]}}. */
  private String frame(List<PriceTick> ticks) {
    if (ticks.size() == 1) {
      return json.createObjectNode().put("type", "tick").setAll(entry(ticks.get(0))).toString();
    }
    ObjectNode frame = json.createObjectNode().put("type", "ticks");
    frame.set("ticks", entries(ticks));
    return frame.toString();
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
    List<PriceStreamClient> unsubscribed =
        clients.stream().filter(client -> client.symbols().isEmpty()).toList();
    if (unsubscribed.isEmpty()) {
      return;
    }
    ObjectNode snapshot = json.createObjectNode().put("type", "snapshot");
    snapshot.set("ticks", entries(latest.all()));
    String text = json.writeValueAsString(snapshot);
    onLoops(unsubscribed, (group, wire) -> sendAll(group, text, wire));
  }

  public int connections() {
    return clients.size();
  }

  /** Sends unless the client has too many unsent messages (then the update is dropped). */
  private void send(PriceStreamClient client, String text, LoopFrames wire) {
    if (client.send(wire.of(text))) {
      wire.sentCount++;
    } else {
      wire.droppedCount++;
    }
  }

  /** Closes connections that do not read or stopped answering pings. */
  @Scheduled(
      every = "${widget.stream.broadcast-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void closeDeadClients() {
    long now = System.currentTimeMillis();
    for (PriceStreamClient client : clients) {
      client.closeIfDead(config.idleTimeout().toMillis(), now);
    }
  }

  /** Pings every connection: browsers answer on their own, and a pong is a sign of life. */
  @Scheduled(
      every = "${widget.stream.ping-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void pingClients() {
    onLoops(clients, (group, wire) -> group.forEach(PriceStreamClient::ping));
  }
}
