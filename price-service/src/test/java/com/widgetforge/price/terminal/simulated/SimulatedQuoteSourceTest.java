package com.widgetforge.price.terminal.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.price.terminal.Tick;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedQuoteSourceTest {

  private static List<Tick> run(SimulatedQuoteSource source, int polls) {
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i < polls; i++) {
      ticks.addAll(source.poll(1_000_000L + i * 250L));
    }
    return ticks;
  }

  @Test
  void sameSeedGivesTheSamePrices() {
    List<Tick> first = run(new SimulatedQuoteSource("t", SymbolCatalog.all(), 42), 200);
    List<Tick> second = run(new SimulatedQuoteSource("t", SymbolCatalog.all(), 42), 200);
    assertEquals(first, second);
  }

  @Test
  void anotherSeedGivesOtherPrices() {
    assertNotEquals(
        run(new SimulatedQuoteSource("t", SymbolCatalog.all(), 1), 50),
        run(new SimulatedQuoteSource("t", SymbolCatalog.all(), 2), 50));
  }

  @Test
  void aSymbolsWalkDoesNotDependOnTheOtherSymbols() {
    List<Tick> alone =
        run(new SimulatedQuoteSource("t", SymbolCatalog.select(List.of("XAUUSD")), 9), 100);
    List<Tick> inCompany =
        run(new SimulatedQuoteSource("t", SymbolCatalog.all(), 9), 100).stream()
            .filter(tick -> tick.symbol().equals("XAUUSD"))
            .toList();
    assertEquals(alone, inCompany);
  }

  @Test
  void quotesHaveTheSymbolsDigitsAndAPositiveSpread() {
    for (Tick tick : run(new SimulatedQuoteSource("t", SymbolCatalog.all(), 3), 500)) {
      assertTrue(tick.bid() < tick.ask(), tick.toString());
      assertTrue(BigDecimal.valueOf(tick.bid()).scale() <= tick.digits(), tick.toString());
      assertTrue(BigDecimal.valueOf(tick.ask()).scale() <= tick.digits(), tick.toString());
    }
  }

  @Test
  void spreadsStayNearTheBrokersTypicalSpread() {
    Map<String, SymbolSpec> specs = new HashMap<>();
    SymbolCatalog.all().forEach(spec -> specs.put(spec.name(), spec));
    for (Tick tick : run(new SimulatedQuoteSource("t", SymbolCatalog.all(), 5), 500)) {
      SymbolSpec spec = specs.get(tick.symbol());
      double spreadPoints = (tick.ask() - tick.bid()) / spec.point();
      assertTrue(
          spreadPoints >= 0.7 * spec.typicalSpreadPoints() - 1
              && spreadPoints <= 1.3 * spec.typicalSpreadPoints() + 1,
          tick + " spread " + spreadPoints);
    }
  }

  @Test
  void aDayOfTicksStaysWithinAPlausibleRange() {
    // 86 400 s at 4 polls a second: a day of quoting.
    SimulatedQuoteSource source =
        new SimulatedQuoteSource("t", SymbolCatalog.select(List.of("EURUSD", "BTCUSD")), 11);
    Map<String, Tick> last = new HashMap<>();
    for (int i = 0; i < 345_600; i++) {
      source.poll(i * 250L).forEach(tick -> last.put(tick.symbol(), tick));
    }
    double eurusdMove = Math.abs(last.get("EURUSD").bid() / 1.085 - 1);
    double btcMove = Math.abs(last.get("BTCUSD").bid() / 95_000 - 1);
    assertTrue(eurusdMove < 0.05, "EURUSD moved " + eurusdMove);
    assertTrue(btcMove < 0.30, "BTCUSD moved " + btcMove);
  }

  @Test
  void timeMscIncreasesPerSymbolEvenWhenTheClockDoesNot() {
    SimulatedQuoteSource source =
        new SimulatedQuoteSource("t", SymbolCatalog.select(List.of("EURUSD")), 1);
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < 100; i++) {
      for (Tick tick : source.poll(5_000)) {
        assertTrue(tick.timeMsc() > previous);
        previous = tick.timeMsc();
      }
    }
  }

  @Test
  void onlyChangedQuotesAreReturned() {
    SimulatedQuoteSource source = new SimulatedQuoteSource("t", SymbolCatalog.all(), 8);
    int first = source.poll(0).size();
    assertEquals(SymbolCatalog.all().size(), first, "the first poll quotes every symbol");
    int total = 0;
    for (int i = 1; i <= 100; i++) {
      total += source.poll(i * 250L).size();
    }
    assertTrue(total < 100 * first, "quiet symbols should send nothing, got " + total);
    assertTrue(total > 30 * first, "most polls should move most symbols, got " + total);
  }

  @Test
  void simulatedHistoryIsDeterministicContinuousAndEndsAtTheCurrentPrice() {
    SimulatedQuoteSource source =
        new SimulatedQuoteSource("t", SymbolCatalog.select(List.of("XAUUSD")), 4);
    Tick now = source.poll(1_767_607_200_000L).get(0);
    long to = 1_767_607_199L;
    List<com.widgetforge.price.terminal.Rate> rates =
        source.rates("XAUUSD", com.widgetforge.price.history.Timeframe.H1, to - 48 * 3600, to, 24);
    assertEquals(24, rates.size(), "capped at max");
    assertEquals(
        rates,
        source.rates("XAUUSD", com.widgetforge.price.history.Timeframe.H1, to - 48 * 3600, to, 24));
    for (int i = 1; i < rates.size(); i++) {
      assertEquals(
          rates.get(i - 1).close(),
          rates.get(i).open(),
          "bar " + i + " opens where the last closed");
      assertEquals(3600, rates.get(i).time() - rates.get(i - 1).time());
    }
    double lastClose = rates.get(rates.size() - 1).close();
    assertTrue(
        Math.abs(lastClose - (now.bid() + now.ask()) / 2) < 1.0,
        "ends at the live price: " + lastClose);
    assertTrue(
        source.rates("NOPE", com.widgetforge.price.history.Timeframe.H1, 0, to, 5).isEmpty());
  }

  @Test
  void unknownSymbolIsRejectedNamingTheKnownOnes() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> SymbolCatalog.select(List.of("EURUSD", "FOO")));
    assertTrue(error.getMessage().contains("FOO"));
    assertTrue(error.getMessage().contains("XAUUSD"));
  }

  @Test
  void catalogueCoversFxMetalsIndicesAndCrypto() {
    assertTrue(SymbolCatalog.all().size() >= 12);
    assertEquals(
        List.of("fx", "metal", "commodity", "index", "crypto"),
        SymbolCatalog.all().stream().map(SymbolSpec::category).distinct().toList());
  }
}
