package com.widgetforge.price.history;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Counts rows of the bar table directly, for tests that check what was stored. */
final class StoredBars {

  private StoredBars() {}

  /** Bars of {@code symbol} in {@code timeframe} with open times in [from, to). */
  static long count(Pool pool, String symbol, Timeframe timeframe, Instant from, Instant to) {
    return pool.preparedQuery(
            "select count(*) from bar where symbol = $1 and timeframe = $2 and time >= $3 and time < $4")
        .execute(
            Tuple.of(
                symbol,
                timeframe.name(),
                OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(to, ZoneOffset.UTC)))
        .await()
        .indefinitely()
        .iterator()
        .next()
        .getLong(0);
  }
}
