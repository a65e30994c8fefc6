package com.widgetforge.price.tick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.kit.kafka.Replay;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The newest price of every symbol and the state of every terminal, read back from Kafka, so that
 * any instance answers for all terminals, also those other instances poll: live ticks from {@code
 * price.ticks}, and every symbol's last published price and market state from the compacted {@code
 * price.latest}, read from its start, so that an instance started while no ticks flow (a weekend)
 * still knows every price.
 */
@ApplicationScoped
public class LatestPrices {

  private static final Logger LOG = Logger.getLogger(LatestPrices.class);
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._#-]{1,32}");

  private final ObjectMapper json;
  private final Replay replay;
  private final Map<String, TickEvent> ticks = new ConcurrentHashMap<>();
  private final Map<String, LatestPriceEvent> published = new ConcurrentHashMap<>();
  private final Map<String, Long> terminalTicked = new ConcurrentHashMap<>();
  private final Map<String, TerminalState> terminalStates = new ConcurrentHashMap<>();

  /** A terminal's last reported state (price.terminals), as admins read it. */
  public record TerminalState(
      String terminalId,
      String state,
      long sinceMsc,
      String message,
      String lastError,
      String serverClock,
      List<String> symbols,
      Integer priority) {}

  @jakarta.inject.Inject
  public LatestPrices(
      ObjectMapper json, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
    this.json = json;
    this.replay = new Replay("price.latest", kafka, Duration.ofSeconds(60));
  }

  /** Without Kafka settings: for tests that feed it by hand (never caught up with the topic). */
  public LatestPrices(ObjectMapper json) {
    this(json, Map.of());
  }

  /** Whether every price on price.latest at start has been read (readiness waits for it). */
  public boolean caughtUp() {
    return replay.caughtUp();
  }

  @Incoming("latest-ticks")
  public void onTick(String payload) {
    try {
      TickEvent tick = json.readValue(payload, TickEvent.class);
      if (plausible(tick.symbol(), tick.bid(), tick.ask())) {
        offer(tick);
        terminalTicked.merge(tick.terminalId(), tick.timeMsc(), Math::max);
      }
    } catch (Exception e) {
      LOG.warnf(
          "skipping a price.ticks message that is not a tick (%s)", e.getClass().getSimpleName());
    }
  }

  @Incoming("latest-prices")
  public void onLatest(ConsumerRecord<String, String> message) {
    replay.read(message.partition(), message.offset());
    String payload = message.value();
    if (payload == null) {
      return;
    }
    try {
      LatestPriceEvent latest = json.readValue(payload, LatestPriceEvent.class);
      if (!plausible(latest.symbol(), latest.bid(), latest.ask())
          || !Set.of("open", "closed").contains(latest.market())) {
        LOG.warn("skipping an implausible price.latest message");
        return;
      }
      published.put(latest.symbol(), latest);
      offer(latest.tick());
    } catch (Exception e) {
      LOG.warnf("skipping a price.latest message (%s)", e.getClass().getSimpleName());
    }
  }

  private static boolean plausible(String symbol, double bid, double ask) {
    return symbol != null && SYMBOL.matcher(symbol).matches() && bid > 0 && ask >= bid;
  }

  private void offer(TickEvent tick) {
    ticks.merge(
        tick.symbol(),
        tick,
        (known, offered) -> offered.timeMsc() >= known.timeMsc() ? offered : known);
  }

  @Incoming("latest-terminals")
  public void onTerminal(String payload) {
    try {
      JsonNode status = json.readTree(payload);
      String terminalId = status.get("terminalId").asText();
      List<String> symbols = new ArrayList<>();
      status.path("symbols").forEach(symbol -> symbols.add(symbol.asText()));
      terminalStates.put(
          terminalId,
          new TerminalState(
              terminalId,
              status.get("state").asText(),
              status.path("timeMsc").asLong(),
              text(status, "message"),
              text(status, "lastError"),
              text(status, "serverClock"),
              List.copyOf(symbols),
              status.path("priority").isInt() ? status.get("priority").asInt() : null));
    } catch (Exception e) {
      LOG.warnf("skipping a price.terminals message (%s)", e.getClass().getSimpleName());
    }
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).isTextual() ? node.get(field).asText() : null;
  }

  public Optional<TickEvent> tick(String symbol) {
    return Optional.ofNullable(ticks.get(symbol));
  }

  /** Every symbol with a known price. */
  public Set<String> symbols() {
    return Set.copyOf(ticks.keySet());
  }

  /** The symbol's last record on price.latest: its published price and market state. */
  public Optional<LatestPriceEvent> published(String symbol) {
    return Optional.ofNullable(published.get(symbol));
  }

  /** When the terminal's newest tick was stamped, if it has ticked since this instance started. */
  public Optional<Long> lastTickOf(String terminalId) {
    return Optional.ofNullable(terminalTicked.get(terminalId));
  }

  /** Whether the terminal last said it answers; unknown terminals count as answering. */
  public boolean terminalAnswers(String terminalId) {
    TerminalState state = terminalStates.get(terminalId);
    return state == null || "connected".equals(state.state());
  }

  /** Every terminal any instance has reported, by id. */
  public List<TerminalState> terminals() {
    return terminalStates.values().stream()
        .sorted(Comparator.comparing(TerminalState::terminalId))
        .toList();
  }
}
