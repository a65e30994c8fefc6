package com.widgetforge.price.history;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chart history in PostgreSQL. Writes are idempotent merges, so a replayed poll or a restart in the
 * middle of a bar never duplicates a row or loses the bar's open, high or low.
 */
@ApplicationScoped
public class BarStore {

  /**
   * Keeps the first open and the extremes; the latest close, spread and volumes win (volumes never
   * shrink, so a restart mid-bar does not undercount what was already stored).
   */
  private static final String UPSERT =
      """
      insert into bar (symbol, timeframe, time, open, high, low, close,
                       tick_volume, spread, real_volume, terminal_id)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      on conflict (symbol, timeframe, time) do update set
        high = greatest(bar.high, excluded.high),
        low = least(bar.low, excluded.low),
        close = excluded.close,
        tick_volume = greatest(bar.tick_volume, excluded.tick_volume),
        spread = excluded.spread,
        real_volume = greatest(bar.real_volume, excluded.real_volume),
        terminal_id = excluded.terminal_id
      """;

  private final Pool pool;

  public BarStore(Pool pool) {
    this.pool = pool;
  }

  /** Writes {@code bars} in one pipelined batch. */
  public Uni<Void> upsert(List<BarUpdate> bars) {
    if (bars.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> rows =
        bars.stream()
            .map(
                bar ->
                    Tuple.tuple(
                        List.of(
                            bar.symbol(),
                            bar.timeframe().name(),
                            OffsetDateTime.ofInstant(
                                Instant.ofEpochSecond(bar.time()), ZoneOffset.UTC),
                            BigDecimal.valueOf(bar.open()),
                            BigDecimal.valueOf(bar.high()),
                            BigDecimal.valueOf(bar.low()),
                            BigDecimal.valueOf(bar.close()),
                            bar.tickVolume(),
                            bar.spread(),
                            bar.realVolume(),
                            bar.terminalId())))
            .toList();
    return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
  }

  /**
   * For each of {@code symbols} and each timeframe, the open time (epoch seconds) of the newest
   * stored bar that opened before that timeframe's current bar on the trade server's clock ({@code
   * zone}: an EET server's day opens at 22:00 UTC, so at noon UTC its bar of 22:00 yesterday is the
   * current one, not a completed one): where a gap would start.
   */
  public Uni<Map<String, Long>> lastCompletedBars(
      List<String> symbols, long nowSeconds, ZoneId zone) {
    StringBuilder sql =
        new StringBuilder(
            "select symbol, timeframe, max(time) as last from bar where symbol = any($1) and (");
    List<Object> params = new java.util.ArrayList<>();
    params.add(symbols.toArray(new String[0]));
    Timeframe[] timeframes = Timeframe.values();
    for (int i = 0; i < timeframes.length; i++) {
      sql.append(i == 0 ? "" : " or ")
          .append("(timeframe = '")
          .append(timeframes[i].name())
          .append("' and time < $")
          .append(i + 2)
          .append(')');
      params.add(
          OffsetDateTime.ofInstant(
              Instant.ofEpochSecond(timeframes[i].openOf(nowSeconds, zone)), ZoneOffset.UTC));
    }
    sql.append(") group by symbol, timeframe");
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(params))
        .map(
            rows -> {
              Map<String, Long> last = new HashMap<>();
              rows.forEach(
                  row ->
                      last.put(
                          row.getString("symbol") + ":" + row.getString("timeframe"),
                          row.getOffsetDateTime("last").toEpochSecond()));
              return last;
            });
  }

  /** The open price of each of {@code symbols}' D1 bar that opened at {@code dayOpen}. */
  public Uni<Map<String, Double>> dayOpens(List<String> symbols, Instant now) {
    // The current D1 bar: it opened within the last day, at midnight of the terminal's server
    // clock (00:00 UTC for the simulator, 22:00 or 21:00 UTC for a broker on EET).
    return pool.preparedQuery(
            "select distinct on (symbol) symbol, open from bar where timeframe = 'D1'"
                + " and time > $1 and time <= $2 and symbol = any($3) order by symbol, time desc")
        .execute(
            Tuple.of(
                OffsetDateTime.ofInstant(now.minusSeconds(86_400), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                symbols.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, Double> opens = new HashMap<>();
              rows.forEach(
                  row ->
                      opens.put(row.getString("symbol"), row.getBigDecimal("open").doubleValue()));
              return opens;
            });
  }

  /**
   * Up to {@code limit} bars of {@code symbol} in {@code timeframe} with open times in [from, to],
   * the most recent ones when there are more, in time order.
   */
  public Uni<List<BarRow>> history(
      String symbol, Timeframe timeframe, Instant from, Instant to, int limit) {
    // A projection: read-only rows, no managed entities to track for a hot read path.
    return Panache.withSession(
        () ->
            Bar.find(
                    "symbol = ?1 and timeframe = ?2 and time >= ?3 and time <= ?4 order by time desc",
                    symbol,
                    timeframe,
                    from,
                    to)
                .project(BarRow.class)
                .page(0, limit)
                .list()
                .map(
                    bars -> {
                      List<BarRow> ordered = new java.util.ArrayList<>(bars);
                      Collections.reverse(ordered);
                      return ordered;
                    }));
  }
}
