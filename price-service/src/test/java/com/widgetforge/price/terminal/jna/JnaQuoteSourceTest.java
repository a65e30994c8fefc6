package com.widgetforge.price.terminal.jna;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.price.terminal.LoginRefused;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.TerminalPoller;
import com.widgetforge.price.terminal.TerminalState;
import com.widgetforge.price.terminal.TerminalStatus;
import com.widgetforge.price.terminal.Tick;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JNA path's safety: the bridge's errors, garbage and hangs, against the C simulator. */
class JnaQuoteSourceTest {

  private JnaQuoteSource source;

  @AfterEach
  void reset() {
    Mt5Simulator.mode(Mt5Simulator.NORMAL);
    if (source != null) {
      source.disconnect();
    }
  }

  private JnaQuoteSource connected() {
    source = new JnaQuoteSource(Mt5Simulator.settings("investor-test"));
    source.connect();
    return source;
  }

  @Test
  void aRefusedLoginFailsWithTheTerminalsMessage() {
    source = new JnaQuoteSource(Mt5Simulator.settings("wrong"));
    LoginRefused error = assertThrows(LoginRefused.class, source::connect);
    assertTrue(
        error.getMessage().contains("Terminal: Authorization failed (-6)"), error.getMessage());
  }

  @Test
  void aFailingTerminalsCallsFailWithItsMessage() {
    connected();
    Mt5Simulator.mode(Mt5Simulator.FAIL);
    BridgeException error = assertThrows(BridgeException.class, () -> source.poll(0));
    assertTrue(
        error.getMessage().contains("no connection to the trade server"), error.getMessage());
  }

  @Test
  void nonsensePricesAreRejectedNotPublished() {
    connected();
    Mt5Simulator.mode(Mt5Simulator.GARBAGE);
    BridgeException error = assertThrows(BridgeException.class, () -> source.poll(0));
    assertTrue(error.getMessage().contains("implausible prices"), error.getMessage());
  }

  @Test
  void unterminatedTextFromTheTerminalIsNeverReadPastItsField() {
    Mt5Simulator.mode(Mt5Simulator.GARBAGE);
    source = new JnaQuoteSource(Mt5Simulator.settings("investor-test"));
    BridgeException error = assertThrows(BridgeException.class, source::connect);
    assertTrue(
        error.getMessage().contains("not NUL-terminated within 32 bytes"), error.getMessage());
  }

  @Test
  void aConfiguredSymbolTheTerminalLacksIsAnError() {
    source =
        new JnaQuoteSource(
            Mt5Simulator.settings("investor-test", Optional.of(List.of("EURUSD", "NOPE"))));
    BridgeException error = assertThrows(BridgeException.class, source::connect);
    assertTrue(error.getMessage().contains("does not offer symbol NOPE"), error.getMessage());
  }

  @Test
  void configuredSymbolsAreTheOnlyOnesPolled() {
    source =
        new JnaQuoteSource(Mt5Simulator.settings("investor-test", Optional.of(List.of("XAUUSD"))));
    source.connect();
    assertEquals(List.of("XAUUSD"), source.symbols().stream().map(SymbolInfo::name).toList());
    assertEquals(List.of("XAUUSD"), source.poll(0).stream().map(Tick::symbol).toList());
  }

  @Test
  void theSettingsNeverShowThePassword() {
    assertFalse(Mt5Simulator.settings("s3cret-investor").toString().contains("s3cret"));
  }

  @Test
  void aHungNativeCallMakesTheTerminalStaleAndItRecoversWhenReleased() {
    List<TerminalStatus> states = new CopyOnWriteArrayList<>();
    source = new JnaQuoteSource(Mt5Simulator.settings("investor-test"));
    TerminalPoller poller =
        new TerminalPoller(
            source,
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            new TerminalPoller.Listener() {
              @Override
              public void ticks(String terminalId, List<Tick> ticks, long started) {}

              @Override
              public void stateChanged(TerminalStatus status) {
                states.add(status);
              }
            });
    try {
      poller.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> poller.completedPolls() > 2);
      Mt5Simulator.mode(Mt5Simulator.HANG);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> poller.status().state() == TerminalState.STALE);
      Mt5Simulator.mode(Mt5Simulator.NORMAL);
      long polls = poller.completedPolls();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  poller.status().state() == TerminalState.CONNECTED
                      && poller.completedPolls() > polls + 2);
      assertEquals(
          List.of(TerminalState.CONNECTED, TerminalState.STALE, TerminalState.CONNECTED),
          states.stream().map(TerminalStatus::state).toList());
    } finally {
      Mt5Simulator.mode(Mt5Simulator.NORMAL);
      poller.close();
      source = null; // the poller disconnected it on its own thread
    }
  }
}
