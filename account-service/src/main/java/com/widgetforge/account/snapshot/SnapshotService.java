package com.widgetforge.account.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.account.AccountConfig;
import com.widgetforge.account.account.TradingAccount;
import com.widgetforge.account.metrics.AccountMetrics;
import com.widgetforge.account.provider.AccountData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Turns provider data into snapshots: computes the metrics against the previous snapshot, stores
 * the row, publishes it on {@code account.snapshots} (keyed by account id, compacted). Publishing
 * after the commit is safe to lose: the next snapshot supersedes it and the row stays the record.
 */
@ApplicationScoped
public class SnapshotService {

  /** One point of an equity curve. */
  public record Point(Instant time, BigDecimal balance, BigDecimal equity, boolean stale) {}

  private final EntityManager db;
  private final ObjectMapper json;
  private final Emitter<Record<String, String>> snapshots;
  private final Duration freshness;

  SnapshotService(
      EntityManager db,
      ObjectMapper json,
      @Channel("account-snapshots") Emitter<Record<String, String>> snapshots,
      AccountConfig config) {
    this.db = db;
    this.json = json;
    this.snapshots = snapshots;
    this.freshness = config.polling().freshness();
  }

  /** Stores and publishes the snapshot of fresh provider data. */
  public Snapshot record(
      TradingAccount account,
      AccountData.Info info,
      List<AccountData.Position> positions,
      AccountData.Summary summary,
      Instant now) {
    Snapshot snapshot =
        QuarkusTransaction.requiringNew().call(() -> store(account, info, positions, summary, now));
    publish(account, snapshot);
    return snapshot;
  }

  private Snapshot store(
      TradingAccount account,
      AccountData.Info info,
      List<AccountData.Position> positions,
      AccountData.Summary summary,
      Instant now) {
    // Stale repeats carry old numbers under a new time: metrics continue from real data only.
    Snapshot last = Snapshot.latestFresh(account.id);
    AccountMetrics.Previous previous =
        last == null
            ? null
            : new AccountMetrics.Previous(
                last.time, last.equity, last.dayStartEquity, last.peakEquity, last.maxDrawdownPct);
    AccountMetrics.Result m =
        AccountMetrics.compute(program(account), info, positions, summary, previous, now);
    Snapshot s = new Snapshot();
    s.accountId = account.id;
    s.time = now;
    s.stale = false;
    s.currency =
        info.currency() != null && info.currency().matches("[A-Z]{3}")
            ? info.currency()
            : account.currency;
    s.balance = m.balance();
    s.equity = m.equity();
    s.floatingPnl = m.floatingPnl();
    s.todayPnl = m.todayPnl();
    s.dayStartEquity = m.dayStartEquity();
    s.peakEquity = m.peakEquity();
    s.gainPct = m.gainPct();
    s.maxDrawdownPct = m.maxDrawdownPct();
    s.dailyLossUsedPct = m.dailyLossUsedPct();
    s.totalLossUsedPct = m.totalLossUsedPct();
    s.targetProgressPct = m.profitTargetProgressPct();
    s.tradingDays = m.tradingDays();
    s.openPositions = m.openPositions();
    s.rulesBreached = String.join(",", m.rulesBreached());
    s.persist();
    return s;
  }

  /**
   * When the newest snapshot is older than the freshness limit, repeats it marked stale (once), so
   * widgets show delayed data as delayed, never as current.
   */
  public void markStaleIfOld(TradingAccount account, Instant now) {
    Snapshot copy = QuarkusTransaction.requiringNew().call(() -> staleCopy(account, now));
    if (copy != null) {
      publish(account, copy);
    }
  }

  private Snapshot staleCopy(TradingAccount account, Instant now) {
    Snapshot last = Snapshot.latest(account.id);
    if (last == null || last.stale || last.time.plus(freshness).isAfter(now)) {
      return null;
    }
    db.detach(last);
    last.time = now;
    last.stale = true;
    last.persist();
    return last;
  }

  @Transactional
  public Snapshot latest(UUID accountId) {
    return Snapshot.latest(accountId);
  }

  /**
   * The equity curve: the first snapshot of every {@code step} between {@code from} and {@code to}.
   */
  @Transactional
  public List<Point> history(UUID accountId, Instant from, Instant to, Duration step, int limit) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        db.createNativeQuery(
                "select time, balance, equity, stale from (select distinct on (bucket)"
                    + " time, balance, equity, stale, bucket from (select time, balance, equity, stale,"
                    + " date_bin(cast(?1 as interval), time, timestamptz '2000-01-01') as bucket"
                    + " from account_snapshot where account_id = ?2 and time >= ?3 and time < ?4) b"
                    + " order by bucket, time) firsts order by time limit ?5")
            .setParameter(1, step.toSeconds() + " seconds")
            .setParameter(2, accountId)
            .setParameter(3, Timestamp.from(from))
            .setParameter(4, Timestamp.from(to))
            .setParameter(5, limit)
            .getResultList();
    List<Point> points = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      Instant time = row[0] instanceof Timestamp t ? t.toInstant() : (Instant) row[0];
      points.add(new Point(time, (BigDecimal) row[1], (BigDecimal) row[2], (Boolean) row[3]));
    }
    return points;
  }

  /**
   * Publishes a tombstone for a deleted account: the compacted topic forgets it, and so does every
   * consumer (widget-service stops showing it).
   */
  public void forget(UUID accountId) {
    snapshots.send(Record.of(accountId.toString(), null));
  }

  /** The contract's AccountSnapshot event (deploy/asyncapi.yaml). */
  public String event(TradingAccount account, Snapshot s) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("v", 1);
    e.put("accountId", account.id.toString());
    e.put("ownerId", account.ownerId.toString());
    e.put("label", account.label);
    e.put("timeMsc", s.time.toEpochMilli());
    e.put("provider", account.provider);
    e.put("stale", s.stale);
    e.put("currency", s.currency);
    e.put("balance", s.balance);
    e.put("equity", s.equity);
    e.put("floatingPnl", s.floatingPnl);
    e.put("todayPnl", s.todayPnl);
    e.put("gainPct", s.gainPct);
    e.put("maxDrawdownPct", s.maxDrawdownPct);
    e.put("dailyLossUsedPct", s.dailyLossUsedPct);
    if (account.maxDailyLossPct != null) {
      e.put("dailyLossLimitPct", account.maxDailyLossPct);
      if (s.dayStartEquity != null && account.initialBalance != null) {
        // The equity-curve widget draws this line: where today's loss reaches the limit.
        e.put(
            "dailyLossFloor",
            s.dayStartEquity
                .subtract(account.initialBalance.multiply(account.maxDailyLossPct).movePointLeft(2))
                .setScale(2, RoundingMode.HALF_EVEN));
      }
    }
    e.put("totalLossUsedPct", s.totalLossUsedPct);
    if (account.maxTotalLossPct != null) {
      e.put("totalLossLimitPct", account.maxTotalLossPct);
    }
    if (s.targetProgressPct != null) {
      e.put("profitTargetProgressPct", s.targetProgressPct);
    }
    e.put("tradingDays", s.tradingDays);
    if (account.minTradingDays != null) {
      e.put("minTradingDays", account.minTradingDays);
    }
    e.put("openPositions", s.openPositions);
    e.put("dailyResetTime", account.dailyResetTime);
    e.put("dailyResetZone", account.dailyResetZone);
    e.put(
        "rulesBreached",
        s.rulesBreached.isEmpty() ? List.of() : List.of(s.rulesBreached.split(",")));
    try {
      return json.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void publish(TradingAccount account, Snapshot snapshot) {
    snapshots.send(Record.of(account.id.toString(), event(account, snapshot)));
  }

  static AccountMetrics.Program program(TradingAccount account) {
    return new AccountMetrics.Program(
        account.initialBalance,
        account.profitTargetPct,
        account.maxDailyLossPct,
        account.maxTotalLossPct,
        LocalTime.parse(account.dailyResetTime),
        ZoneId.of(account.dailyResetZone));
  }
}
