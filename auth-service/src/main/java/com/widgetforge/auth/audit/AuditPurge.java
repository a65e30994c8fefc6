package com.widgetforge.auth.audit;

import com.widgetforge.auth.AuthConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes audit records older than {@code auth.audit.retention}, hourly, in batches of {@value
 * #BATCH} rows with a transaction each, so a large backlog never holds one long lock.
 */
@ApplicationScoped
@Startup
public class AuditPurge {

  private static final Logger LOG = Logger.getLogger(AuditPurge.class);
  static final int BATCH = 5_000;

  private final AuditStore store;
  private final Duration retention;

  AuditPurge(AuditStore store, AuthConfig config) {
    this.store = store;
    this.retention = config.audit().retention();
    if (retention.isNegative() || retention.isZero()) {
      // A cutoff at or after now would delete the whole trail at the next purge.
      throw new IllegalStateException("auth.audit.retention must be longer than zero");
    }
  }

  @Scheduled(
      every = "${auth.audit.purge-interval:1h}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void scheduled() {
    purge();
  }

  /** Deletes every record older than the retention; returns how many. */
  public long purge() {
    Instant cutoff = Instant.now().minus(retention);
    long total = 0;
    int deleted;
    do {
      deleted = store.deleteBefore(cutoff, BATCH);
      total += deleted;
    } while (deleted == BATCH);
    if (total > 0) {
      LOG.infof("deleted %d audit records from before %s", total, cutoff);
    }
    return total;
  }
}
