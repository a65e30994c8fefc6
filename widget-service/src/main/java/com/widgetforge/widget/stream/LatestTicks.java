package com.widgetforge.widget.stream;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest tick of every symbol seen on {@code price.ticks} or {@code price.latest}, and each
 * symbol's market state and day open (the base of the day's change), in memory.
 */
@ApplicationScoped
public class LatestTicks {

  private final Map<String, PriceTick> bySymbol = new ConcurrentHashMap<>();
  private final Map<String, Market> markets = new ConcurrentHashMap<>();
  private final Map<String, Double> dayOpens = new ConcurrentHashMap<>();

  /** Keeps {@code tick} unless a newer tick of its symbol is already known. */
  public boolean offer(PriceTick tick) {
    PriceTick kept =
        bySymbol.merge(
            tick.symbol(),
            tick,
            (known, offered) -> offered.timeMsc() >= known.timeMsc() ? offered : known);
    return kept == tick;
  }

  /**
   * Keeps {@code tick} when its symbol has no tick yet or only an older one; returns whether it was
   * kept. A tick of the same time is the one already known: it is not news.
   */
  public boolean seed(PriceTick tick) {
    PriceTick kept =
        bySymbol.merge(
            tick.symbol(),
            tick,
            (known, offered) -> offered.timeMsc() > known.timeMsc() ? offered : known);
    return kept == tick;
  }

  public PriceTick get(String symbol) {
    return bySymbol.get(symbol);
  }

  /** The latest ticks of those of {@code symbols} that are known. */
  public List<PriceTick> of(Collection<String> symbols) {
    List<PriceTick> ticks = new ArrayList<>();
    for (String symbol : symbols) {
      PriceTick tick = bySymbol.get(symbol);
      if (tick != null) {
        ticks.add(tick);
      }
    }
    return ticks;
  }

  public List<PriceTick> all() {
    return List.copyOf(bySymbol.values());
  }

  /** The market state of {@code symbol}; a symbol no state was heard of counts as open. */
  public Market market(String symbol) {
    return markets.getOrDefault(symbol, Market.OPEN);
  }

  /** Records the market state of {@code symbol}; returns whether it differs from the one before. */
  public boolean market(String symbol, Market market) {
    Market before = markets.put(symbol, market);
    return (before == null ? Market.OPEN : before) != market;
  }

  /** The open of {@code symbol}'s trading day (price-service's current D1 bar), or null. */
  public Double dayOpen(String symbol) {
    return dayOpens.get(symbol);
  }

  /**
   * Records the day open of {@code symbol} (null: not known); returns whether it differs from the
   * one before.
   */
  public boolean dayOpen(String symbol, Double open) {
    Double before = open == null ? dayOpens.remove(symbol) : dayOpens.put(symbol, open);
    return !java.util.Objects.equals(before, open);
  }
}
