package com.widgetforge.price.terminal.jna;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.price.history.Timeframe;
import com.widgetforge.price.terminal.LoginRefused;
import com.widgetforge.price.terminal.Rate;
import com.widgetforge.price.terminal.ServerClock;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.TerminalPoller;
import com.widgetforge.price.terminal.TerminalState;
import com.widgetforge.price.terminal.TerminalStatus;
import com.widgetforge.price.terminal.Tick;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production bridge, end to end below price-service: JNA, mt5bridge.c, a worker process per
 * session, mt5worker.py and the documented MetaTrader5 package (its double), with the terminal's
 * faults.
 */
class ProductionBridgeTest {

  private static final ZoneId EET = ZoneId.of("EET");
  private final List<JnaQuoteSource> sources = new ArrayList<>();
  private final List<TerminalPoller> pollers = new ArrayList<>();

  @BeforeEach
  @AfterEach
  void behave() {
    pollers.forEach(TerminalPoller::close);
    sources.forEach(JnaQuoteSource::disconnect);
    Mt5Double.BROKER.control("{}");
    Mt5Double.OTHER.control("{}");
  }

  private JnaQuoteSource source(
      Mt5Double.Terminal terminal, String password, Optional<List<String>> symbols, ServerClock c) {
    JnaQuoteSource source = new JnaQuoteSource(Mt5Double.settings(terminal, password, symbols, c));
    sources.add(source);
    return source;
  }

  private JnaQuoteSource broker(List<String> symbols) {
    return source(
        Mt5Double.BROKER, Mt5Double.PASSWORD, Optional.of(symbols), ServerClock.of("t", EET));
  }

  @Test
  void brokerSymbolsAreQuotedUnderTheirCanonicalNamesWithUtcTimes() {
    JnaQuoteSource source = broker(List.of("EURUSD", "US30", "BTCUSD"));
    source.connect();
    assertEquals(
        List.of("EURUSD", "US30", "BTCUSD"),
        source.symbols().stream().map(SymbolInfo::name).toList());
    assertEquals(
        List.of("fx", "index", "crypto"),
        source.symbols().stream().map(SymbolInfo::category).toList());
    // EURUSD.raw is hidden from Market Watch in the terminal: it ticks only once selected.
    long now = System.currentTimeMillis();
    List<Tick> ticks = source.poll(now);
    Tick btc = ticks.stream().filter(t -> t.symbol().equals("BTCUSD")).findFirst().orElseThrow();
    assertTrue(btc.bid() > 0 && btc.ask() > btc.bid(), btc.toString());
    // Crypto trades around the clock: its tick is current, in UTC (not 2 h ahead, as EET is).
    assertTrue(Math.abs(btc.timeMsc() - now) < 5_000, btc + " vs now " + now);
    assertTrue(ticks.stream().anyMatch(t -> t.symbol().equals("EURUSD")), ticks.toString());
  }

  @Test
  void theServersOffsetIsDetectedFromAFreshTickWhenNoZoneIsConfigured() {
    ServerClock clock = ServerClock.detecting("t");
    JnaQuoteSource source =
        source(Mt5Double.BROKER, Mt5Double.PASSWORD, Optional.of(List.of("BTCUSD")), clock);
    source.connect();
    assertEquals(
        Optional.of(EET.getRules().getOffset(Instant.now())), clock.offsetAt(Instant.now()));
    Tick btc = source.poll(0).get(0);
    assertTrue(Math.abs(btc.timeMsc() - System.currentTimeMillis()) < 5_000, btc.toString());
  }

  /** Open times (UTC) of a crypto symbol's D1 bars in the given UTC range. */
  private List<Instant> dailyOpens(JnaQuoteSource source, String from, String to) {
    return source
        .rates(
            "BTCUSD",
            Timeframe.D1,
            Instant.parse(from).getEpochSecond(),
            Instant.parse(to).getEpochSecond(),
            100)
        .stream()
        .map(rate -> Instant.ofEpochSecond(rate.time()))
        .toList();
  }

  @Test
  void dailyBarsAroundTheSpringSwitchOpenAtServerMidnightInUtc() {
    JnaQuoteSource source = broker(List.of("BTCUSD"));
    source.connect();
    // EET until 03:00 on Sunday 29 March 2026, EEST (UTC+3) after.
    assertEquals(
        List.of(
            Instant.parse("2026-03-27T22:00:00Z"),
            Instant.parse("2026-03-28T22:00:00Z"),
            Instant.parse("2026-03-29T21:00:00Z"),
            Instant.parse("2026-03-30T21:00:00Z")),
        dailyOpens(source, "2026-03-27T12:00:00Z", "2026-03-31T12:00:00Z"));
  }

  @Test
  void dailyBarsAroundTheAutumnSwitchOpenAtServerMidnightInUtc() {
    JnaQuoteSource source = broker(List.of("BTCUSD"));
    source.connect();
    // EEST until 04:00 on Sunday 25 October 2026, EET (UTC+2) after.
    assertEquals(
        List.of(
            Instant.parse("2026-10-23T21:00:00Z"),
            Instant.parse("2026-10-24T21:00:00Z"),
            Instant.parse("2026-10-25T22:00:00Z"),
            Instant.parse("2026-10-26T22:00:00Z")),
        dailyOpens(source, "2026-10-23T12:00:00Z", "2026-10-27T12:00:00Z"));
  }

  @Test
  void hourlyBarsAcrossTheSpringSwitchAreAnHourApartInUtc() {
    JnaQuoteSource source = broker(List.of("BTCUSD"));
    source.connect();
    List<Rate> bars =
        source.rates(
            "BTCUSD",
            Timeframe.H1,
            Instant.parse("2026-03-28T23:00:00Z").getEpochSecond(),
            Instant.parse("2026-03-29T03:00:00Z").getEpochSecond(),
            100);
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < bars.size(); i++) {
      gaps.add(bars.get(i).time() - bars.get(i - 1).time());
    }
    assertEquals(5, bars.size(), bars.toString());
    assertTrue(gaps.stream().allMatch(gap -> gap == 3600), gaps.toString());
  }

  @Test
  void aRefusedPasswordIsReportedWithTheTerminalsMessage() {
    JnaQuoteSource source =
        source(Mt5Double.BROKER, "wrong", Optional.of(List.of("BTCUSD")), ServerClock.of("t", EET));
    LoginRefused refused = assertThrows(LoginRefused.class, source::connect);
    assertTrue(
        refused.getMessage().contains("Terminal: Authorization failed (-6)"), refused.getMessage());
  }

  @Test
  void aSymbolTheTerminalLacksUnderAnyNameIsAnError() {
    JnaQuoteSource source = broker(List.of("EURUSD", "GBPJPY"));
    BridgeException error = assertThrows(BridgeException.class, source::connect);
    assertTrue(error.getMessage().contains("does not offer symbol GBPJPY"), error.getMessage());
  }

  @Test
  void aHungTerminalsCallEndsAtItsDeadlineAndTheNextConnectionWorks() {
    JnaQuoteSource source = broker(List.of("BTCUSD"));
    source.connect();
    Mt5Double.BROKER.control("{\"hang\": true}");
    long started = System.nanoTime();
    BridgeException hung = assertThrows(BridgeException.class, () -> source.poll(0));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(
        hung.getMessage().contains("no answer from the terminal in time"), hung.getMessage());
    assertTrue(tookMs >= 1_900 && tookMs < 10_000, "deadline 2 s, took " + tookMs + " ms");
    Mt5Double.BROKER.control("{}");
    source.connect();
    assertFalse(source.poll(0).isEmpty());
  }

  @Test
  void aCrashedTerminalIsReportedAndTheNextConnectionWorks() {
    JnaQuoteSource source = broker(List.of("BTCUSD"));
    source.connect();
    Mt5Double.BROKER.control("{\"crash\": true}");
    BridgeException crashed = assertThrows(BridgeException.class, () -> source.poll(0));
    assertTrue(crashed.getMessage().contains("worker ended (exit status 3)"), crashed.getMessage());
    Mt5Double.BROKER.control("{}");
    source.connect();
    assertFalse(source.poll(0).isEmpty());
  }

  @Test
  void aLoggedOutTerminalFailsUntilItCanLogInAgain() {
    JnaQuoteSource source = broker(List.of("BTCUSD"));
    source.connect();
    Mt5Double.BROKER.control("{\"logout\": true}");
    BridgeException lost = assertThrows(BridgeException.class, () -> source.poll(0));
    assertTrue(lost.getMessage().contains("No IPC connection (-10004)"), lost.getMessage());
    assertThrows(BridgeException.class, source::connect);
    Mt5Double.BROKER.control("{}");
    source.connect();
    assertFalse(source.poll(0).isEmpty());
  }

  private TerminalPoller poll(JnaQuoteSource source, List<TerminalStatus> states) {
    TerminalPoller poller =
        new TerminalPoller(
            source,
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            Duration.ofSeconds(20),
            Duration.ofSeconds(2),
            new TerminalPoller.Listener() {
              @Override
              public void ticks(String terminalId, List<Tick> ticks, long started) {}

              @Override
              public void stateChanged(TerminalStatus status) {
                states.add(status);
              }
            });
    pollers.add(poller);
    return poller.start();
  }

  @Test
  void aHungTerminalGoesStaleAndRecoversWhileAnotherKeepsItsPace() {
    List<TerminalStatus> hungStates = new CopyOnWriteArrayList<>();
    TerminalPoller hung = poll(broker(List.of("BTCUSD")), hungStates);
    TerminalPoller steady =
        poll(
            source(
                Mt5Double.OTHER,
                Mt5Double.PASSWORD,
                Optional.of(List.of("BTCUSD")),
                ServerClock.of("t", EET)),
            new CopyOnWriteArrayList<>());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> hung.completedPolls() > 3 && steady.completedPolls() > 3);

    Mt5Double.BROKER.control("{\"hang\": true}");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> hung.status().state() != TerminalState.CONNECTED);
    long steadyBefore = steady.completedPolls();
    long started = System.nanoTime();
    // Stale at once (no answer within the call timeout), then cut off at the bridge's deadline.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> hung.status().state() == TerminalState.DISCONNECTED);
    double seconds = (System.nanoTime() - started) / 1e9;
    long steadyPolls = steady.completedPolls() - steadyBefore;
    // The other terminal kept polling every 100 ms meanwhile: at least half its pace.
    assertTrue(steadyPolls >= seconds * 10 / 2, steadyPolls + " polls in " + seconds + " s");

    Mt5Double.BROKER.control("{}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> hung.status().state() == TerminalState.CONNECTED);
    List<TerminalState> seen = hungStates.stream().map(TerminalStatus::state).toList();
    assertEquals(TerminalState.STALE, seen.get(1), seen.toString());
    assertTrue(seen.contains(TerminalState.DISCONNECTED), seen.toString());
  }

  @Test
  void aRefusedLoginIsNotRetriedInAStorm() {
    int before = Mt5Double.OTHER.logins().size();
    List<TerminalStatus> states = new CopyOnWriteArrayList<>();
    poll(
        source(Mt5Double.OTHER, "wrong", Optional.of(List.of("BTCUSD")), ServerClock.of("t", EET)),
        states);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Mt5Double.OTHER.logins().size() >= before + 2);
    assertTrue(
        states.get(0).message().contains("Terminal: Authorization failed"), states.toString());
    List<String> attempts = Mt5Double.OTHER.logins().subList(before, before + 2);
    assertTrue(attempts.stream().allMatch(line -> line.contains(" refused ")), attempts.toString());
    // Polled every 100 ms, but a refused login waits the longest backoff (2 s here).
    long gap = loggedAt(attempts.get(1)) - loggedAt(attempts.get(0));
    assertTrue(gap >= 1_900, "the second login came " + gap + " ms after the first");
  }

  private static long loggedAt(String journalLine) {
    return Long.parseLong(journalLine.substring(journalLine.lastIndexOf(' ') + 1));
  }
}
