package com.widgetforge.price.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.price.history.Timeframe;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every quote source adapter must do, whatever terminal is behind it. */
public abstract class QuoteSourceContractTest {

  protected QuoteSource source;

  /** A fresh, unconnected source quoting EURUSD and XAUUSD (at least). */
  protected abstract QuoteSource create();

  @BeforeEach
  void connect() {
    source = create();
    source.connect();
  }

  @AfterEach
  void disconnect() {
    source.disconnect();
  }

  private List<Tick> poll() {
    return source.poll(System.currentTimeMillis());
  }

  @Test
  void describesItsSymbolsWithDigitsPointAndCategory() {
    Map<String, SymbolInfo> symbols = new HashMap<>();
    source.symbols().forEach(symbol -> symbols.put(symbol.name(), symbol));
    assertEquals(5, symbols.get("EURUSD").digits());
    assertEquals(0.00001, symbols.get("EURUSD").point(), 1e-12);
    assertEquals("fx", symbols.get("EURUSD").category());
    assertEquals(2, symbols.get("XAUUSD").digits());
    assertFalse(symbols.get("XAUUSD").description().isBlank());
  }

  @Test
  void theFirstPollQuotesEverySymbolWithBidBelowAskInItsDigits() {
    List<Tick> ticks = poll();
    assertEquals(
        source.symbols().stream().map(SymbolInfo::name).sorted().toList(),
        ticks.stream().map(Tick::symbol).sorted().toList());
    for (Tick tick : ticks) {
      assertTrue(tick.bid() > 0 && tick.bid() < tick.ask(), tick.toString());
      assertTrue(BigDecimal.valueOf(tick.bid()).scale() <= tick.digits(), tick.toString());
      assertTrue(BigDecimal.valueOf(tick.ask()).scale() <= tick.digits(), tick.toString());
    }
  }

  @Test
  void eachSymbolsTimeMscIncreases() {
    Map<String, Long> last = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      for (Tick tick : poll()) {
        Long previous = last.put(tick.symbol(), tick.timeMsc());
        assertTrue(previous == null || tick.timeMsc() > previous, tick.toString());
      }
    }
  }

  @Test
  void laterPollsReturnOnlyTicksThatChanged() {
    Map<String, Tick> last = new HashMap<>();
    poll().forEach(tick -> last.put(tick.symbol(), tick));
    int changed = 0;
    for (int i = 0; i < 50; i++) {
      for (Tick tick : poll()) {
        Tick previous = last.put(tick.symbol(), tick);
        assertNotEquals(
            List.of(previous.bid(), previous.ask(), previous.last()),
            List.of(tick.bid(), tick.ask(), tick.last()),
            "unchanged tick returned: " + tick);
        changed++;
      }
    }
    assertTrue(changed > 20, "prices should move: " + changed + " changes in 50 polls");
  }

  @Test
  void historyBarsAreAlignedOrderedWithinTheRangeAndPlausible() {
    long now = System.currentTimeMillis() / 1000;
    long from = now - 86_400;
    long to = Timeframe.M15.openOf(now) - 1;
    List<Rate> rates = source.rates("EURUSD", Timeframe.M15, from, to, 100);
    assertTrue(rates.size() >= 90 && rates.size() <= 100, rates.size() + " bars");
    long previous = Long.MIN_VALUE;
    for (Rate rate : rates) {
      assertEquals(0, rate.time() % 900, "not on an M15 boundary: " + rate);
      assertTrue(
          rate.time() > previous && rate.time() >= from && rate.time() <= to, rate.toString());
      assertTrue(
          rate.low() > 0 && rate.low() <= Math.min(rate.open(), rate.close()), rate.toString());
      assertTrue(rate.high() >= Math.max(rate.open(), rate.close()), rate.toString());
      previous = rate.time();
    }
    assertTrue(source.rates("EURUSD", Timeframe.M15, to, from, 100).isEmpty(), "inverted range");
  }

  @Test
  void reconnectsAfterADisconnect() {
    poll();
    source.disconnect();
    source.connect();
    assertFalse(poll().isEmpty());
  }
}
