package com.widgetforge.account.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A prop-firm account: who owns it, how to reach it, its program rules, what is public. */
@Entity
@Table(name = "trading_account")
public class TradingAccount extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "owner_id")
  public UUID ownerId;

  public String platform;
  public long login;
  public String server;
  public String label;
  public String provider;
  public String firm;

  @Column(name = "provider_account_id")
  public String providerAccountId;

  @Column(name = "password_ciphertext")
  public String passwordCiphertext;

  @Column(name = "password_key_id")
  public String passwordKeyId;

  @Column(name = "initial_balance")
  public BigDecimal initialBalance;

  public String currency;

  @Column(name = "profit_target_pct")
  public BigDecimal profitTargetPct;

  @Column(name = "max_daily_loss_pct")
  public BigDecimal maxDailyLossPct;

  @Column(name = "max_total_loss_pct")
  public BigDecimal maxTotalLossPct;

  @Column(name = "min_trading_days")
  public Integer minTradingDays;

  @Column(name = "daily_reset_time")
  public String dailyResetTime;

  @Column(name = "daily_reset_zone")
  public String dailyResetZone;

  @Column(name = "widget_token")
  public String widgetToken;

  public boolean polling;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /** The id the provider knows the account by (the login unless set). */
  public String providerId() {
    return providerAccountId == null ? Long.toString(login) : providerAccountId;
  }
}
