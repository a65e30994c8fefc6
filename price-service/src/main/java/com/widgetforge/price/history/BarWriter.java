package com.widgetforge.price.history;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Coalesces bar changes and, once a second, writes them to PostgreSQL and then publishes them to
 * {@code price.bars}: a bar that changed ten times in a second is one row write and one event,
 * whose state is the most telling of its changes (closed, else opened, else updated).
 */
@ApplicationScoped
public class BarWriter {

  private static final Logger LOG = Logger.getLogger(BarWriter.class);

  private record Key(String symbol, Timeframe timeframe, long time) {}

  private final BarStore store;
  private final Emitter<Record<String, BarEvent>> events;
  private Map<Key, BarUpdate> pending = new HashMap<>();

  public BarWriter(
      BarStore store,
      @Channel("price-bars") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
          Emitter<Record<String, BarEvent>> events) {
    this.store = store;
    this.events = events;
  }

  /** Takes the changes of one tick; cheap, called on the terminal's poller thread. */
  public synchronized void offer(List<BarUpdate> changes) {
    for (BarUpdate change : changes) {
      pending.merge(
          new Key(change.symbol(), change.timeframe(), change.time()),
          change,
          (earlier, later) ->
              rank(earlier.state()) > rank(later.state()) ? later.with(earlier.state()) : later);
    }
  }

  private static int rank(BarUpdate.State state) {
    return switch (state) {
      case CLOSED -> 2;
      case OPENED -> 1;
      case UPDATED -> 0;
    };
  }

  /** Puts back bars that could not be written, unless a newer state of them is waiting. */
  private synchronized void requeue(List<BarUpdate> bars) {
    for (BarUpdate bar : bars) {
      // The pending one is newer; it keeps its values but not a lesser state than the failed.
      pending.merge(
          new Key(bar.symbol(), bar.timeframe(), bar.time()),
          bar,
          (newer, failed) ->
              rank(failed.state()) > rank(newer.state()) ? newer.with(failed.state()) : newer);
    }
  }

  private synchronized List<BarUpdate> drain() {
    List<BarUpdate> bars = new ArrayList<>(pending.values());
    pending = new HashMap<>();
    return bars;
  }

  @Scheduled(
      every = "${price.history.flush-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  public Uni<Void> flush() {
    List<BarUpdate> bars = drain();
    return store
        .upsert(bars)
        .invoke(
            () ->
                bars.forEach(
                    bar -> events.send(Record.of(BarEvent.of(bar).key(), BarEvent.of(bar)))))
        .onFailure()
        .invoke(
            failure -> {
              LOG.warnf(
                  "writing %d bars failed, keeping them for the next flush: %s",
                  bars.size(), failure.getMessage());
              requeue(bars);
            })
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
