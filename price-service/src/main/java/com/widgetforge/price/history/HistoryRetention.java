package com.widgetforge.price.history;

import com.widgetforge.price.PriceConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** Deletes bars older than their timeframe's retention ({@code price.history.retention.<TF>}). */
@ApplicationScoped
public class HistoryRetention {

  private static final Logger LOG = Logger.getLogger(HistoryRetention.class);

  private final Pool pool;
  private final Map<Timeframe, Duration> retention = new EnumMap<>(Timeframe.class);

  public HistoryRetention(PriceConfig config, Pool pool) {
    this.pool = pool;
    config
        .history()
        .retention()
        .forEach(
            (name, keep) ->
                retention.put(
                    Timeframe.parse(name)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "price.history.retention."
                                        + name
                                        + ": not a timeframe (M1, M5, M15, M30, H1, H4, D1)")),
                    keep));
  }

  @Scheduled(
      every = "1h",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  Uni<Void> hourly() {
    return purge(Instant.now())
        .invoke(deleted -> LOG.debugf("retention deleted %d bars", deleted))
        .onFailure()
        .invoke(failure -> LOG.warnf("retention failed: %s", failure.getMessage()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Deletes what has outlived its retention at {@code now}; answers how many bars went. */
  public Uni<Long> purge(Instant now) {
    return Multi.createFrom()
        .iterable(retention.entrySet())
        .onItem()
        .transformToUniAndConcatenate(
            entry ->
                pool.preparedQuery("delete from bar where timeframe = $1 and time < $2")
                    .execute(
                        Tuple.of(
                            entry.getKey().name(),
                            OffsetDateTime.ofInstant(now.minus(entry.getValue()), ZoneOffset.UTC)))
                    .map(rows -> (long) rows.rowCount()))
        .collect()
        .with(java.util.stream.Collectors.summingLong(Long::longValue));
  }
}
