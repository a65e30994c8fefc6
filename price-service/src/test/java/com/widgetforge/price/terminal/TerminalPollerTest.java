package com.widgetforge.price.terminal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.price.terminal.simulated.SimulatedQuoteSource;
import com.widgetforge.price.terminal.simulated.SymbolCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TerminalPollerTest {

  private static final Duration INTERVAL = Duration.ofMillis(100);

  /** A state change and when it was seen. */
  private record Seen(TerminalStatus status, long nanos) {}

  private final List<Seen> changes = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> tickCounts = new ConcurrentHashMap<>();
  private final List<TerminalPoller> pollers = new ArrayList<>();

  private final TerminalPoller.Listener listener =
      new TerminalPoller.Listener() {
        @Override
        public void ticks(String terminalId, List<Tick> ticks, long pollStartedNanos) {
          tickCounts.merge(terminalId, ticks.size(), Integer::sum);
        }

        @Override
        public void stateChanged(TerminalStatus status) {
          changes.add(new Seen(status, System.nanoTime()));
        }
      };

  @AfterEach
  void stop() {
    pollers.forEach(
        poller -> {
          ((SimulatedQuoteSource) poller.source()).faults().release();
          poller.close();
        });
  }

  /** A poller whose calls time out after a generous 2 s: only hangs should look stale. */
  private TerminalPoller start(String id) {
    return start(id, Duration.ofSeconds(2));
  }

  private TerminalPoller start(String id, Duration callTimeout) {
    TerminalPoller poller =
        new TerminalPoller(
            new SimulatedQuoteSource(id, SymbolCatalog.select(List.of("EURUSD", "XAUUSD")), 1),
            INTERVAL,
            callTimeout,
            Duration.ZERO,
            Duration.ofMillis(400),
            listener);
    pollers.add(poller);
    return poller.start();
  }

  private static SimulatedQuoteSource.Faults faultsOf(TerminalPoller poller) {
    return ((SimulatedQuoteSource) poller.source()).faults();
  }

  private Seen awaitState(String id, TerminalState state) {
    return await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                changes.stream()
                    .filter(
                        seen ->
                            seen.status().terminalId().equals(id) && seen.status().state() == state)
                    .reduce((first, second) -> second)
                    .orElse(null),
            seen -> seen != null);
  }

  @Test
  void aHungTerminalIsStaleWithinTwoIntervalsWhileTheOthersKeepTheirPace() throws Exception {
    TerminalPoller a = start("a");
    TerminalPoller hung = start("hung", INTERVAL);
    TerminalPoller c = start("c");
    awaitState("hung", TerminalState.CONNECTED);

    long hangAt = System.nanoTime();
    faultsOf(hung).hang();
    Seen stale = awaitState("hung", TerminalState.STALE);
    double afterIntervals = (stale.nanos() - hangAt) / (double) INTERVAL.toNanos();
    // The call in flight at hang() may have started up to one interval before: two at most,
    // plus scheduling slack on a busy 2-core machine.
    assertTrue(afterIntervals <= 2.5, "stale after " + afterIntervals + " intervals");

    long aBefore = a.completedPolls();
    long cBefore = c.completedPolls();
    long hungBefore = hung.completedPolls();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .until(() -> hung.status().state() == TerminalState.STALE);
    assertTrue(
        a.completedPolls() - aBefore >= 5,
        "a polled " + (a.completedPolls() - aBefore) + " times in 1 s");
    assertTrue(
        c.completedPolls() - cBefore >= 5,
        "c polled " + (c.completedPolls() - cBefore) + " times in 1 s");
    assertEquals(
        hungBefore, hung.completedPolls(), "no call may complete while the terminal hangs");
    assertEquals(TerminalState.STALE, hung.status().state());
    assertTrue(
        hung.status().message().contains("no answer within 100 ms"), hung.status().message());

    faultsOf(hung).release();
    awaitState("hung", TerminalState.CONNECTED);
    await().atMost(Duration.ofSeconds(2)).until(() -> hung.completedPolls() > hungBefore + 3);
  }

  @Test
  void aFailingTerminalIsDisconnectedWithTheBridgesMessageAndReconnectsWhenHealed() {
    TerminalPoller failing = start("failing");
    awaitState("failing", TerminalState.CONNECTED);
    faultsOf(failing).fail("IPC timeout (-10005)");
    Seen disconnected = awaitState("failing", TerminalState.DISCONNECTED);
    assertEquals("IPC timeout (-10005)", disconnected.status().message());

    faultsOf(failing).heal();
    awaitState("failing", TerminalState.CONNECTED);
    long polls = failing.completedPolls();
    await().atMost(Duration.ofSeconds(2)).until(() -> failing.completedPolls() > polls + 3);
  }

  @Test
  void aTerminalThatKeepsFailingIsRetriedLessAndLessOften() {
    TerminalPoller failing = start("down");
    faultsOf(failing).fail("terminal not found");
    awaitState("down", TerminalState.DISCONNECTED);
    int[] attempts = {0};
    // Count reconnection attempts over 1.5 s: with backoff from 100 ms doubling to a 400 ms
    // ceiling, far fewer than the 15 polls a healthy terminal would get.
    SimulatedQuoteSource.Faults faults = faultsOf(failing);
    long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    await()
        .pollInterval(Duration.ofMillis(10))
        .atMost(Duration.ofSeconds(3))
        .until(
            () -> {
              attempts[0] = faults.failedCalls();
              return System.nanoTime() > until;
            });
    assertTrue(attempts[0] >= 2 && attempts[0] <= 9, "attempts: " + attempts[0]);
    assertEquals(0, tickCounts.getOrDefault("down", 0));
  }

  @Test
  void aHistoryReadThatHangsMakesTheTerminalStaleAndPollingWaitsForIt() {
    TerminalPoller poller = start("history");
    awaitState("history", TerminalState.CONNECTED);
    faultsOf(poller).hang();
    java.util.concurrent.CompletableFuture<List<Rate>> read =
        poller.exclusive(
            source ->
                source.rates(
                    "EURUSD", com.widgetforge.price.history.Timeframe.M5, 0, 1_000_000, 10),
            Duration.ofMillis(300));
    Seen stale = awaitState("history", TerminalState.STALE);
    assertTrue(stale.status().message().contains("300 ms"), stale.status().message());
    long polls = poller.completedPolls();
    faultsOf(poller).release();
    await().atMost(Duration.ofSeconds(5)).until(read::isDone);
    awaitState("history", TerminalState.CONNECTED);
    await().atMost(Duration.ofSeconds(5)).until(() -> poller.completedPolls() > polls + 2);
    assertEquals(TerminalState.CONNECTED, poller.status().state());
  }

  @Test
  void ticksOnlyFlowFromAnsweringPolls() {
    TerminalPoller healthy = start("healthy");
    await().atMost(Duration.ofSeconds(3)).until(() -> tickCounts.getOrDefault("healthy", 0) > 5);
    assertEquals(TerminalState.CONNECTED, healthy.status().state());
    assertEquals(1, changes.size(), "one change: connected");
  }
}
