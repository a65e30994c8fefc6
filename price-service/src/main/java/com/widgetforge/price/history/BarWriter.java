package com.widgetforge.price.history;

import com.widgetforge.price.PriceConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Coalesces bar changes and, once a second, writes them to PostgreSQL and then publishes them to
 * {@code price.bars}: a bar that changed ten times in a second is one row write and one event,
 * whose state is the most telling of its changes (closed, else opened, else updated). Bars that
 * cannot be written (PostgreSQL is down) are kept for the next flush, up to {@code
 * price.history.max-pending-bars} ({@link PendingBars}).
 */
@ApplicationScoped
public class BarWriter {

  private static final Logger LOG = Logger.getLogger(BarWriter.class);

  private final BarStore store;
  private final Emitter<Record<String, BarEvent>> events;
  private final PendingBars pending;

  public BarWriter(
      BarStore store,
      @Channel("price-bars") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
          Emitter<Record<String, BarEvent>> events,
      PriceConfig config) {
    this.store = store;
    this.events = events;
    this.pending = new PendingBars(config.history().maxPendingBars());
  }

  /** Takes the changes of one tick; cheap, called on the terminal's poller thread. */
  public void offer(List<BarUpdate> changes) {
    pending.offer(changes);
  }

  @Scheduled(
      every = "${price.history.flush-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  public Uni<Void> flush() {
    long dropped = pending.takeDropped();
    if (dropped > 0) {
      LOG.warnf(
          "%d bars waiting to be written were dropped (price.history.max-pending-bars); the"
              + " terminal's next connection backfills them",
          dropped);
    }
    List<BarUpdate> bars = pending.drain();
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
              pending.requeue(bars);
            })
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
