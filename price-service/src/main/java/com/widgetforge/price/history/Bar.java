package com.widgetforge.price.history;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** One OHLC bar of chart history: a row per (symbol, timeframe, open time). */
@Entity
@Table(name = "bar")
@IdClass(Bar.Key.class)
public class Bar extends PanacheEntityBase {

  @Id public String symbol;

  @Id
  @Enumerated(EnumType.STRING)
  public Timeframe timeframe;

  @Id public Instant time;

  public BigDecimal open;
  public BigDecimal high;
  public BigDecimal low;
  public BigDecimal close;

  @Column(name = "tick_volume")
  public long tickVolume;

  public int spread;

  @Column(name = "real_volume")
  public long realVolume;

  @Column(name = "terminal_id")
  public String terminalId;

  /** The composite key. */
  public static class Key implements Serializable {
    public String symbol;
    public Timeframe timeframe;
    public Instant time;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && Objects.equals(symbol, key.symbol)
          && timeframe == key.timeframe
          && Objects.equals(time, key.time);
    }

    @Override
    public int hashCode() {
      return Objects.hash(symbol, timeframe, time);
    }
  }
}
