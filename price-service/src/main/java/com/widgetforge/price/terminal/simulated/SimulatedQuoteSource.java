package com.widgetforge.price.terminal.simulated;

import com.widgetforge.price.history.Timeframe;
import com.widgetforge.price.market.MarketHours;
import com.widgetforge.price.terminal.QuoteSource;
import com.widgetforge.price.terminal.Rate;
import com.widgetforge.price.terminal.SymbolInfo;
import com.widgetforge.price.terminal.Tick;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A terminal that does not exist: a mean-reverting random walk per symbol, with realistic digits,
 * spreads and per-tick moves. Each symbol draws from its own generator seeded from the seed and its
 * name, so the same seed gives the same prices, whatever the other symbols are. Like a real
 * terminal, it does not tick a symbol whose market is closed (over the weekend, by the trading
 * calendar it is given).
 */
public final class SimulatedQuoteSource implements QuoteSource {

  /** Chance that a symbol's quote moves between two polls; quiet symbols send no tick. */
  private static final double ACTIVITY = 0.7;

  /** Pull of the log price back towards its start, per step: keeps long runs plausible. */
  private static final double REVERSION = 1e-6;

  private final String terminalId;
  private final List<SymbolState> states = new ArrayList<>();
  private final Faults faults = new Faults();
  private final long seed;
  private final MarketHours hours;

  /** A simulator whose markets never close. */
  public SimulatedQuoteSource(String terminalId, List<SymbolSpec> symbols, long seed) {
    this(terminalId, symbols, seed, null);
  }

  /** A simulator that keeps the trading calendar of {@code hours} (null: always open). */
  public SimulatedQuoteSource(
      String terminalId, List<SymbolSpec> symbols, long seed, MarketHours hours) {
    this.terminalId = terminalId;
    this.seed = seed;
    this.hours = hours;
    for (SymbolSpec spec : symbols) {
      states.add(new SymbolState(spec, new Random(seed * 31 + spec.name().hashCode())));
    }
  }

  @Override
  public String terminalId() {
    return terminalId;
  }

  @Override
  public List<SymbolInfo> symbols() {
    return states.stream()
        .map(
            state ->
                new SymbolInfo(
                    state.spec.name(),
                    state.spec.description(),
                    state.spec.digits(),
                    state.spec.point(),
                    state.spec.category()))
        .toList();
  }

  /** Switches that make this terminal misbehave the way real ones do, for tests and demos. */
  public Faults faults() {
    return faults;
  }

  @Override
  public void connect() {
    faults.check();
  }

  @Override
  public List<Tick> poll(long nowMsc) {
    faults.check();
    List<Tick> changed = new ArrayList<>();
    java.time.Instant now = java.time.Instant.ofEpochMilli(nowMsc);
    for (SymbolState state : states) {
      if (hours != null && hours.at(state.spec.category(), now) == MarketHours.State.CLOSED) {
        continue;
      }
      Tick tick = state.step(nowMsc);
      if (tick != null) {
        changed.add(tick);
      }
    }
    return changed;
  }

  /** A hang (calls block until released) or a failure (calls throw) of the simulated terminal. */
  public static final class Faults {
    private boolean hung;
    private String failure;
    private String historyFailure;
    private int failedCalls;

    /** Calls from now on block until {@link #release()}. */
    public synchronized void hang() {
      hung = true;
    }

    public synchronized void release() {
      hung = false;
      notifyAll();
    }

    /** Calls from now on fail with {@code message} until {@link #heal()}. */
    public synchronized void fail(String message) {
      failure = message;
    }

    public synchronized void heal() {
      failure = null;
    }

    /**
     * History reads from now on fail with {@code message} while polls go on, as a terminal still
     * downloading a symbol's history does, until {@link #healHistory()}.
     */
    public synchronized void failHistory(String message) {
      historyFailure = message;
    }

    public synchronized void healHistory() {
      historyFailure = null;
    }

    /** Calls that failed because of {@link #fail(String)} or {@link #failHistory(String)}. */
    public synchronized int failedCalls() {
      return failedCalls;
    }

    synchronized void check() {
      while (hung) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the terminal hung", e);
        }
      }
      if (failure != null) {
        failedCalls++;
        throw new IllegalStateException(failure);
      }
    }

    synchronized void checkHistory() {
      check();
      if (historyFailure != null) {
        failedCalls++;
        throw new IllegalStateException(historyFailure);
      }
    }
  }

  /**
   * Plausible history for a terminal that has none: a walk backwards from the symbol's current
   * price, so that it joins the live quotes, deterministic for the seed, symbol, timeframe and end.
   * Bars move as much as the ticks of their span would.
   */
  @Override
  public List<Rate> rates(String symbol, Timeframe timeframe, long from, long to, int max) {
    faults.checkHistory();
    SymbolState state =
        states.stream().filter(s -> s.spec.name().equals(symbol)).findFirst().orElse(null);
    if (state == null || from > to || max <= 0) {
      return List.of();
    }
    long step = timeframe.seconds();
    long last = timeframe.openOf(to);
    long first =
        Math.max(
            timeframe.openOf(from) + (timeframe.openOf(from) < from ? step : 0),
            last - (max - 1) * step);
    int count = (int) ((last - first) / step) + 1;
    if (count <= 0) {
      return List.of();
    }
    SymbolSpec spec = state.spec;
    Random random =
        new Random(seed * 31 + spec.name().hashCode() * 17L + timeframe.ordinal() * 7919L + last);
    double barSigma = state.sigma * Math.sqrt(ACTIVITY * step / 0.25);
    double[] closes = new double[count];
    double price = state.mid();
    for (int i = count - 1; i >= 0; i--) {
      closes[i] = price;
      price = price * Math.exp(-barSigma * random.nextGaussian());
    }
    List<Rate> rates = new ArrayList<>(count);
    double open = price;
    for (int i = 0; i < count; i++) {
      double close = closes[i];
      double wick = Math.abs(random.nextGaussian()) * barSigma * close / 2;
      rates.add(
          new Rate(
              first + i * step,
              state.round(open),
              state.round(Math.max(open, close) + wick),
              state.round(Math.min(open, close) - wick),
              state.round(close),
              1 + random.nextInt((int) Math.min(10_000, step * 2)),
              spec.typicalSpreadPoints(),
              0));
      open = close;
    }
    return rates;
  }

  private static final class SymbolState {
    private final SymbolSpec spec;
    private final Random random;
    private final double sigma;
    private double logDeviation;
    private long lastTimeMsc = Long.MIN_VALUE;
    private Tick last;

    SymbolState(SymbolSpec spec, Random random) {
      this.spec = spec;
      this.random = random;
      this.sigma = spec.tickMovePoints() * spec.point() / spec.initialPrice();
    }

    /** The next tick, or null when the quote did not change. */
    Tick step(long nowMsc) {
      boolean moves = last == null || random.nextDouble() < ACTIVITY;
      if (!moves) {
        return null;
      }
      logDeviation += -REVERSION * logDeviation + sigma * random.nextGaussian();
      double mid = spec.initialPrice() * Math.exp(logDeviation);
      int spreadPoints =
          Math.max(
              1, (int) Math.round(spec.typicalSpreadPoints() * (0.8 + 0.4 * random.nextDouble())));
      double bid = round(mid - spreadPoints * spec.point() / 2);
      double ask = round(bid + spreadPoints * spec.point());
      if (last != null && last.bid() == bid && last.ask() == ask) {
        return null;
      }
      double lastDeal = spec.reportsLast() ? round(random.nextBoolean() ? bid : ask) : 0;
      long volume = spec.reportsLast() ? 1 + random.nextInt(20) : 0;
      long timeMsc = Math.max(nowMsc, lastTimeMsc + 1);
      lastTimeMsc = timeMsc;
      last = new Tick(spec.name(), bid, ask, lastDeal, volume, timeMsc, spec.digits());
      return last;
    }

    /** The current mid price. */
    double mid() {
      return spec.initialPrice() * Math.exp(logDeviation);
    }

    private double round(double price) {
      return BigDecimal.valueOf(price)
          .setScale(spec.digits(), RoundingMode.HALF_EVEN)
          .doubleValue();
    }
  }
}
