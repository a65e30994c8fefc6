package com.widgetforge.price.history;

import com.widgetforge.price.PriceConfig;
import com.widgetforge.price.terminal.QuoteSource;
import com.widgetforge.price.terminal.Rate;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.TerminalPoller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Fills chart history from the terminal after each connection: for every symbol and timeframe, the
 * bars between the newest stored completed bar (or {@code backfill-bars} back, on a first start)
 * and the current bar, which the live ticks build.
 */
@ApplicationScoped
public class Backfill {

  private static final Logger LOG = Logger.getLogger(Backfill.class);

  /** The first wait before a failed step is tried again; it doubles up to max-backoff. */
  private static final Duration RETRY_FIRST = Duration.ofSeconds(1);

  private final BarStore store;
  private final int maxBars;
  private final Duration maxBackoff;

  public Backfill(BarStore store, PriceConfig config) {
    this.store = store;
    this.maxBars = config.history().backfillBars();
    this.maxBackoff = config.maxBackoff();
  }

  /**
   * Backfills {@code symbols} of the poller's terminal, one (symbol, timeframe) read at a time so
   * that polls go on in between and each slice is written as it comes; answers how many bars were
   * written. A step that fails (a history read past its deadline, a refused write) is tried again
   * while {@code keepTrying} says so, and the backfill goes on from there: the gaps are the ones
   * found at the start, before live ticks built newer bars.
   */
  public Uni<Integer> fill(
      TerminalPoller poller, List<SymbolInfo> symbols, BooleanSupplier keepTrying) {
    long now = System.currentTimeMillis() / 1000;
    List<String> names = symbols.stream().map(SymbolInfo::name).toList();
    String terminalId = poller.terminalId();
    return persistently(
            store.lastCompletedBars(names, now, zoneOf(poller.source())), keepTrying, terminalId)
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
                  .transformToUniAndConcatenate(
                      slice -> persistently(fill(poller, slice, now), keepTrying, terminalId))
                  .collect()
                  .with(java.util.stream.Collectors.summingInt(Integer::intValue));
            });
  }

  /**
   * {@code work}, subscribed to again after a failure (1 s, doubling up to max-backoff) while
   * {@code keepTrying} says so; each failure is logged.
   */
  public <T> Uni<T> persistently(Uni<T> work, BooleanSupplier keepTrying, String terminalId) {
    return work.onFailure()
        .invoke(
            failure ->
                LOG.warnf(
                    "storing the symbols and history of terminal %s failed; tried again while it"
                        + " is polled here: %s",
                    terminalId, failure.getMessage()))
        .onFailure(failure -> keepTrying.getAsBoolean())
        .retry()
        .withBackOff(RETRY_FIRST, maxBackoff)
        .indefinitely();
  }

  /** One symbol's timeframe, with the open time of its newest stored completed bar, if any. */
  private record Slice(String symbol, Timeframe timeframe, Long newest) {}

  private Uni<Integer> fill(TerminalPoller poller, Slice slice, long now) {
    return Uni.createFrom()
        .completionStage(
            () ->
                poller.exclusive(
                    source -> read(poller.terminalId(), source, slice, now),
                    poller.connectTimeout()))
        .flatMap(bars -> store.upsert(bars).replaceWith(bars.size()));
  }

  /** The trade server's zone, in which bars open; UTC while it is not known. */
  private static ZoneId zoneOf(QuoteSource source) {
    return source.clock().zone().orElse(ZoneOffset.UTC);
  }

  private List<BarUpdate> read(String terminalId, QuoteSource source, Slice slice, long now) {
    Timeframe timeframe = slice.timeframe();
    long current = timeframe.openOf(now, zoneOf(source));
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
