package com.widgetforge.price.history;

import com.widgetforge.price.PriceConfig;
import com.widgetforge.price.terminal.Rate;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.TerminalPoller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills chart history from the terminal after each connection: for every symbol and timeframe, the
 * bars between the newest stored completed bar (or {@code backfill-bars} back, on a first start)
 * and the current bar, which the live ticks build.
 */
@ApplicationScoped
public class Backfill {

  private final BarStore store;
  private final int maxBars;

  public Backfill(BarStore store, PriceConfig config) {
    this.store = store;
    this.maxBars = config.history().backfillBars();
  }

  /**
   * Backfills {@code symbols} of the poller's terminal, one (symbol, timeframe) read at a time so
   * that polls go on in between and each slice is written as it comes; answers how many bars were
   * written.
   */
  public Uni<Integer> fill(TerminalPoller poller, List<SymbolInfo> symbols) {
    long now = System.currentTimeMillis() / 1000;
    List<String> names = symbols.stream().map(SymbolInfo::name).toList();
    return store
        .lastCompletedBars(names, now)
        .flatMap(
            last -> {
              List<Slice> slices = new ArrayList<>();
              for (String symbol : names) {
                for (Timeframe timeframe : Timeframe.values()) {
                  slices.add(
                      new Slice(symbol, timeframe, last.get(symbol + ":" + timeframe.name())));
                }
              }
              return Multi.createFrom()
                  .iterable(slices)
                  .onItem()
                  .transformToUniAndConcatenate(slice -> fill(poller, slice, now))
                  .collect()
                  .with(java.util.stream.Collectors.summingInt(Integer::intValue));
            });
  }

  /** One symbol's timeframe, with the open time of its newest stored completed bar, if any. */
  private record Slice(String symbol, Timeframe timeframe, Long newest) {}

  private Uni<Integer> fill(TerminalPoller poller, Slice slice, long now) {
    return Uni.createFrom()
        .completionStage(
            poller.exclusive(
                source -> read(poller.terminalId(), source, slice, now), poller.connectTimeout()))
        .flatMap(bars -> store.upsert(bars).replaceWith(bars.size()));
  }

  private List<BarUpdate> read(
      String terminalId, com.widgetforge.price.terminal.QuoteSource source, Slice slice, long now) {
    Timeframe timeframe = slice.timeframe();
    long current = timeframe.openOf(now, source.clock().zone().orElse(java.time.ZoneOffset.UTC));
    // A terminal's own history is the truth: read the newest stored bar again, as it may
    // have been left half-built at a stop (the merge-upsert makes that harmless). Made-up
    // history must not touch bars built from real ticks.
    long from =
        slice.newest() == null
            ? current - maxBars * timeframe.seconds()
            : source.historyIsAuthoritative()
                ? slice.newest()
                : slice.newest() + timeframe.seconds();
    long to = current - 1;
    if (from > to) {
      return List.of();
    }
    List<BarUpdate> bars = new ArrayList<>();
    for (Rate rate : source.rates(slice.symbol(), timeframe, from, to, maxBars)) {
      bars.add(
          new BarUpdate(
              slice.symbol(),
              terminalId,
              timeframe,
              rate.time(),
              rate.open(),
              rate.high(),
              rate.low(),
              rate.close(),
              rate.tickVolume(),
              rate.spread(),
              rate.realVolume(),
              BarUpdate.State.CLOSED));
    }
    return bars;
  }
}
