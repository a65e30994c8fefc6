package com.widgetforge.account.snapshot;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An account's metrics at a time. */
@Entity
@Table(name = "account_snapshot")
@IdClass(Snapshot.Key.class)
public class Snapshot extends PanacheEntityBase {

  /** (account, time). */
  public static class Key implements Serializable {
    public UUID accountId;
    public Instant time;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(accountId, k.accountId)
          && Objects.equals(time, k.time);
    }

    @Override
    public int hashCode() {
      return Objects.hash(accountId, time);
    }
  }

  @Id
  @Column(name = "account_id")
  public UUID accountId;

  @Id public Instant time;

  public boolean stale;
  public String currency;
  public BigDecimal balance;
  public BigDecimal equity;

  @Column(name = "floating_pnl")
  public BigDecimal floatingPnl;

  @Column(name = "today_pnl")
  public BigDecimal todayPnl;

  @Column(name = "day_start_equity")
  public BigDecimal dayStartEquity;

  @Column(name = "peak_equity")
  public BigDecimal peakEquity;

  @Column(name = "gain_pct")
  public BigDecimal gainPct;

  @Column(name = "max_drawdown_pct")
  public BigDecimal maxDrawdownPct;

  @Column(name = "daily_loss_used_pct")
  public BigDecimal dailyLossUsedPct;

  @Column(name = "total_loss_used_pct")
  public BigDecimal totalLossUsedPct;

  @Column(name = "target_progress_pct")
  public BigDecimal targetProgressPct;

  @Column(name = "trading_days")
  public int tradingDays;

  @Column(name = "open_positions")
  public int openPositions;

  @Column(name = "rules_breached")
  public String rulesBreached;

  /** The newest snapshot made from provider data (not a stale repeat). */
  public static Snapshot latestFresh(UUID accountId) {
    return find("accountId = ?1 and stale = false order by time desc", accountId).firstResult();
  }

  public static Snapshot latest(UUID accountId) {
    return find("accountId = ?1 order by time desc", accountId).firstResult();
  }
}
