package com.widgetforge.price.terminal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.price.tick.LatestPrices;
import org.junit.jupiter.api.Test;

/** Two terminals quoting one symbol: one series, from the primary while it answers. */
class SymbolOwnershipTest {

  private final LatestPrices latest = new LatestPrices(new ObjectMapper());
  private final SymbolOwnership ownership =
      new SymbolOwnership(latest, QuoteSourcesTest.config(java.util.Map.of(), null));

  private void state(String terminal, String state, int priority, String... symbols) {
    latest.onTerminal(
        String.format(
            "{\"v\":1,\"terminalId\":\"%s\",\"state\":\"%s\",\"timeMsc\":1,\"priority\":%d,"
                + "\"symbols\":[%s]}",
            terminal,
            state,
            priority,
            symbols.length == 0 ? "" : "\"" + String.join("\",\"", symbols) + "\""));
  }

  private void ticked(String terminal, String symbol, long timeMsc) {
    latest.onTick(
        String.format(
            "{\"v\":1,\"symbol\":\"%s\",\"terminalId\":\"%s\",\"bid\":1.1,\"ask\":1.2,"
                + "\"last\":0,\"volume\":0,\"timeMsc\":%d,\"digits\":5}",
            symbol, terminal, timeMsc));
  }

  @Test
  void aTerminalAloneOnASymbolPublishesIt() {
    assertTrue(ownership.mayPublish("b", "EURUSD"));
  }

  @Test
  void theHigherPrecedenceTerminalQuotesWhileItAnswersAndTheOtherTakesOverWhenItGoesStale() {
    long now = System.currentTimeMillis();
    state("a", "connected", 10, "EURUSD", "XAUUSD");
    ticked("a", "EURUSD", now);
    // b has the default priority (100): a, at 10, quotes EURUSD; b keeps what only it quotes.
    assertFalse(ownership.mayPublish("b", "EURUSD"));
    assertTrue(ownership.mayPublish("b", "GBPUSD"));

    state("a", "stale", 10, "EURUSD", "XAUUSD");
    assertTrue(ownership.mayPublish("b", "EURUSD"));

    state("a", "connected", 10, "EURUSD", "XAUUSD");
    assertFalse(ownership.mayPublish("b", "EURUSD"));
  }

  @Test
  void aPrimaryThatClaimsToBeConnectedButHasNotTickedForLongDoesNotBlockTheOther() {
    state("a", "connected", 10, "EURUSD");
    ticked("a", "EURUSD", System.currentTimeMillis() - 120_000);
    assertTrue(ownership.mayPublish("b", "EURUSD"));
  }

  @Test
  void equalPrioritiesGoByTerminalId() {
    long now = System.currentTimeMillis();
    state("a", "connected", 100, "EURUSD");
    ticked("a", "EURUSD", now);
    state("c", "connected", 100, "EURUSD");
    ticked("c", "EURUSD", now);
    assertFalse(ownership.mayPublish("b", "EURUSD"));
    assertTrue(ownership.mayPublish("a", "EURUSD"));
  }
}
