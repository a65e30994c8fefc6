package com.widgetforge.account.snapshot;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Downsampling: every snapshot for a day, then the first of each minute for 30 days, then the first
 * of each hour. Stale copies are dropped once older than a day; the request audit trail is kept 30
 * days.
 */
@ApplicationScoped
public class SnapshotRetention {

  private final EntityManager db;

  SnapshotRetention(EntityManager db) {
    this.db = db;
  }

  @Scheduled(every = "10m", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void scheduled() {
    downsample();
  }

  /** Deletes what the tiers no longer keep; returns how many rows went. */
  @Transactional
  public int downsample() {
    int audit =
        db.createNativeQuery("delete from provider_request where time < now() - interval '30 days'")
            .executeUpdate();
    return thin("1 day", "30 days", "minute") + thin("30 days", "100 years", "hour") + audit;
  }

  private int thin(String olderThan, String notOlderThan, String bucket) {
    return db.createNativeQuery(
            "delete from account_snapshot s where s.time < now() - interval '"
                + olderThan
                + "'"
                + " and s.time >= now() - interval '"
                + notOlderThan
                + "'"
                + " and (s.stale or exists (select 1 from account_snapshot e"
                + "   where e.account_id = s.account_id"
                + "   and date_trunc('"
                + bucket
                + "', e.time) = date_trunc('"
                + bucket
                + "', s.time)"
                + "   and e.time < s.time and not e.stale))")
        .executeUpdate();
  }
}
