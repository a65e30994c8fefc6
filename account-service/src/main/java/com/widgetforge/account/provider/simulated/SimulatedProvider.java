package com.widgetforge.account.provider.simulated;

import com.widgetforge.account.provider.AccountData;
import com.widgetforge.account.provider.AccountProvider;
import com.widgetforge.account.provider.ProviderAccount;
import com.widgetforge.account.provider.ProviderException;
import com.widgetforge.account.provider.RequestGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic prop account: the same login gives the same equity curve on every run. Each
 * weekday moves equity by a seeded daily return (drifting slightly up); about one day in nine is a
 * bad day that loses 5.5 %, enough to breach a 5 % daily loss limit. Within a day the move unfolds
 * smoothly with minute-level noise; part of it is floating in 1 to 3 open positions.
 */
@ApplicationScoped
public class SimulatedProvider implements AccountProvider {

  public static final String NAME = "simulated";
  private static final String[] SYMBOLS = {
    "XAUUSD", "EURUSD", "US30", "GBPUSD", "BTCUSD", "SPX500"
  };

  private final RequestGate gate;
  private final Clock clock;

  @Inject
  SimulatedProvider(RequestGate gate) {
    this(gate, Clock.systemUTC());
  }

  public SimulatedProvider(RequestGate gate, Clock clock) {
    this.gate = gate;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AccountData.Info info(ProviderAccount account) {
    pace(account);
    Instant now = clock.instant();
    BigDecimal equity = money(equityAt(account, now));
    BigDecimal balance = money(equityAt(account, now) - floating(account, now));
    BigDecimal margin = money(Math.abs(floating(account, now)) * 2 + 500);
    return new AccountData.Info(
        balance, equity, margin, equity.subtract(margin), account.currency());
  }

  @Override
  public AccountData.Positions positions(ProviderAccount account) {
    pace(account);
    Instant now = clock.instant();
    long window = now.getEpochSecond() / 900;
    int count = 1 + (int) Math.floorMod(hash(seed(account), window), 3);
    double floating = floating(account, now);
    List<AccountData.Position> positions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long h = hash(seed(account), window * 7 + i);
      positions.add(
          new AccountData.Position(
              SYMBOLS[(int) Math.floorMod(h, SYMBOLS.length)],
              BigDecimal.valueOf(1 + Math.floorMod(h >>> 8, 20)).movePointLeft(1),
              money(floating / count),
              Instant.ofEpochSecond(window * 900 - Math.floorMod(h >>> 16, 3600))));
    }
    return new AccountData.Positions(positions);
  }

  @Override
  public AccountData.Summary summary(ProviderAccount account) {
    pace(account);
    LocalDate start = LocalDate.ofInstant(account.createdAt(), ZoneOffset.UTC);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    int days = 0;
    for (LocalDate d = start; !d.isAfter(today); d = d.plusDays(1)) {
      if (isTradingDay(d)) {
        days++;
      }
    }
    return new AccountData.Summary(days, null);
  }

  /** The simulated account obeys the same request floor as a real one. */
  private void pace(ProviderAccount account) {
    try {
      gate.await(account.gateKey());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted", null);
    }
  }

  /** Equity at {@code at}: the previous day's close moved by part of today's return. */
  double equityAt(ProviderAccount account, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    double close = closeBefore(account, day);
    double dayFraction =
        (at.getEpochSecond() - day.atStartOfDay(ZoneOffset.UTC).toEpochSecond()) / 86_400.0;
    double eased = dayFraction * dayFraction * (3 - 2 * dayFraction);
    long minute = at.getEpochSecond() / 60;
    double noise = (Math.floorMod(hash(seed(account), minute), 2001) - 1000) / 1000.0 * 0.0004;
    return close * (1 + dailyReturn(account, day) * eased + noise);
  }

  private double floating(ProviderAccount account, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    return (equityAt(account, at) - closeBefore(account, day)) * 0.6;
  }

  private double closeBefore(ProviderAccount account, LocalDate day) {
    LocalDate start = LocalDate.ofInstant(account.createdAt(), ZoneOffset.UTC);
    double close = account.initialBalance().doubleValue();
    long days = Math.min(ChronoUnit.DAYS.between(start, day), 3_650);
    for (long i = 0; i < days; i++) {
      close *= 1 + dailyReturn(account, start.plusDays(i));
    }
    return close;
  }

  private double dailyReturn(ProviderAccount account, LocalDate day) {
    if (!isTradingDay(day)) {
      return 0;
    }
    long h = hash(seed(account), day.toEpochDay());
    if (Math.floorMod(h, 9) == 0) {
      return -0.055;
    }
    double unit = (Math.floorMod(h >>> 4, 2001) - 1000) / 1000.0;
    return 0.0015 + unit * 0.012;
  }

  private static boolean isTradingDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  private static long seed(ProviderAccount account) {
    return account.login() * 0x9E3779B97F4A7C15L;
  }

  /** SplitMix64: a cheap, well-mixed hash of (seed, n). */
  private static long hash(long seed, long n) {
    long z = seed + n * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static BigDecimal money(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
  }
}
