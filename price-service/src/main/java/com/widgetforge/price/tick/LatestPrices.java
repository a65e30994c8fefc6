package com.widgetforge.price.tick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The newest tick of every symbol and the state of every terminal, read back from Kafka, so that
 * any instance answers for all terminals, also those other instances poll.
 */
@ApplicationScoped
public class LatestPrices {

  private static final Logger LOG = Logger.getLogger(LatestPrices.class);

  private final ObjectMapper json;
  private final Map<String, TickEvent> ticks = new ConcurrentHashMap<>();
  private final Map<String, TerminalState> terminalStates = new ConcurrentHashMap<>();

  /** A terminal's last reported state (price.terminals), as admins read it. */
  public record TerminalState(String terminalId, String state, long sinceMsc, String message) {}

  public LatestPrices(ObjectMapper json) {
    this.json = json;
  }

  @Incoming("latest-ticks")
  void onTick(String payload) {
    try {
      TickEvent tick = json.readValue(payload, TickEvent.class);
      ticks.merge(
          tick.symbol(),
          tick,
          (known, offered) -> offered.timeMsc() >= known.timeMsc() ? offered : known);
    } catch (Exception e) {
      LOG.warnf(
          "skipping a price.ticks message that is not a tick (%s)", e.getClass().getSimpleName());
    }
  }

  @Incoming("latest-terminals")
  void onTerminal(String payload) {
    try {
      JsonNode status = json.readTree(payload);
      String terminalId = status.get("terminalId").asText();
      terminalStates.put(
          terminalId,
          new TerminalState(
              terminalId,
              status.get("state").asText(),
              status.path("timeMsc").asLong(),
              status.path("message").isTextual() ? status.get("message").asText() : null));
    } catch (Exception e) {
      LOG.warnf("skipping a price.terminals message (%s)", e.getClass().getSimpleName());
    }
  }

  public Optional<TickEvent> tick(String symbol) {
    return Optional.ofNullable(ticks.get(symbol));
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
