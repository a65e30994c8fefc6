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
import java.util.Map;

/**
 * Fills chart history from the terminal after each connection: for every symbol and timeframe, the
 * bars between the newest stored completed bar (or {@code backfill-bars} back, on a first start)
 * and the current bar, which the live ticks build.
 */
@ApplicationScoped
public class Backfill {

  private static final int WRITE_CHUNK = 2000;

  private final BarStore store;
  private final int maxBars;

  public Backfill(BarStore store, PriceConfig config) {
    this.store = store;
    this.maxBars = config.history().backfillBars();
  }

  /** Backfills {@code symbols} of the poller's terminal; answers how many bars were written. */
  public Uni<Integer> fill(TerminalPoller poller, List<SymbolInfo> symbols) {
    long now = System.currentTimeMillis() / 1000;
    List<String> names = symbols.stream().map(SymbolInfo::name).toList();
    return store
        .lastCompletedBars(names, now)
        .flatMap(
            last ->
                Uni.createFrom()
                    .completionStage(
                        poller.exclusive(
                            source -> read(poller.terminalId(), source, names, last, now))))
        .flatMap(
            bars ->
                Multi.createFrom()
                    .iterable(chunks(bars))
                    .onItem()
                    .transformToUniAndConcatenate(store::upsert)
                    .collect()
                    .last()
                    .replaceWith(bars.size()));
  }

  private List<BarUpdate> read(
      String terminalId,
      com.widgetforge.price.terminal.QuoteSource source,
      List<String> symbols,
      Map<String, Long> last,
      long now) {
    List<BarUpdate> bars = new ArrayList<>();
    for (String symbol : symbols) {
      for (Timeframe timeframe : Timeframe.values()) {
        long current = timeframe.openOf(now);
        Long newest = last.get(symbol + ":" + timeframe.name());
        // A terminal's own history is the truth: read the newest stored bar again, as it may
        // have been left half-built at a stop (the merge-upsert makes that harmless). Made-up
        // history must not touch bars built from real ticks.
        long from =
            newest == null
                ? current - maxBars * timeframe.seconds()
                : source.historyIsAuthoritative() ? newest : newest + timeframe.seconds();

        long to = current - 1;
        if (from > to) {
          continue;
        }
        for (Rate rate : source.rates(symbol, timeframe, from, to, maxBars)) {
          bars.add(
              new BarUpdate(
                  symbol,
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
      }
    }
    return bars;
  }

  private static List<List<BarUpdate>> chunks(List<BarUpdate> bars) {
    List<List<BarUpdate>> chunks = new ArrayList<>();
    for (int i = 0; i < bars.size(); i += WRITE_CHUNK) {
      chunks.add(bars.subList(i, Math.min(bars.size(), i + WRITE_CHUNK)));
    }
    if (chunks.isEmpty()) {
      chunks.add(List.of());
    }
    return chunks;
  }
}
