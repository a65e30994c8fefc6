package com.widgetforge.auth.audit;

import com.widgetforge.kit.audit.AuditRecord;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;

/** The {@code audit_record} table: records stored once each, read newest first, purged by age. */
@ApplicationScoped
public class AuditStore {

  /**
   * Stores {@code records} in one transaction; a record whose id is already stored (a redelivery)
   * is skipped. Records must be {@linkplain AuditRecord#wellFormed() well-formed} and cleaned.
   */
  @Transactional
  public void store(List<AuditRecord> records, Instant receivedAt) {
    if (records.isEmpty()) {
      return;
    }
    AuditEntry.getEntityManager()
        .unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "insert into audit_record (record_id, occurred_at, service, event, actor,"
                          + " target, client, outcome, detail)"
                          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (record_id) do nothing")) {
                for (AuditRecord record : records) {
                  // A clock ahead of ours cannot file a record in the future (out of the purge's
                  // reach).
                  long at = Math.min(record.timeMsc(), receivedAt.toEpochMilli());
                  insert.setObject(1, UUID.fromString(record.id()));
                  insert.setObject(
                      2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC));
                  insert.setString(3, record.service());
                  insert.setString(4, record.event());
                  insert.setString(5, record.actor());
                  insert.setString(6, record.target());
                  insert.setString(7, record.client());
                  insert.setString(8, record.outcome().wire());
                  insert.setString(9, record.detail());
                  insert.addBatch();
                }
                insert.executeBatch();
              }
            });
  }

  /** One page for {@code query}, newest first, with one record more when another page follows. */
  @Transactional
  public List<AuditEntry> page(AuditQuery query) {
    List<String> where = new ArrayList<>();
    Parameters parameters = new Parameters();
    query.event().ifPresent(event -> filter(where, parameters, "event", event));
    query.actor().ifPresent(actor -> filter(where, parameters, "actor", actor));
    query.target().ifPresent(target -> filter(where, parameters, "target", target));
    query
        .since()
        .ifPresent(
            since -> {
              where.add("occurredAt >= :since");
              parameters.and("since", since);
            });
    query
        .until()
        .ifPresent(
            until -> {
              where.add("occurredAt < :until");
              parameters.and("until", until);
            });
    query
        .cursor()
        .ifPresent(
            cursor -> {
              where.add(
                  "(occurredAt < :cursorTime or (occurredAt = :cursorTime and id < :cursorId))");
              parameters.and("cursorTime", cursor.time()).and("cursorId", cursor.id());
            });
    String jpql =
        "from AuditEntry"
            + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
            + " order by occurredAt desc, id desc";
    return AuditEntry.<AuditEntry>find(jpql, parameters).page(0, query.limit() + 1).list();
  }

  private static void filter(
      List<String> where, Parameters parameters, String field, String value) {
    where.add(field + " = :" + field);
    parameters.and(field, value);
  }

  /** Deletes at most {@code batch} records that happened before {@code cutoff}; how many it did. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int deleteBefore(Instant cutoff, int batch) {
    return AuditEntry.getEntityManager()
        .createNativeQuery(
            "delete from audit_record where id in"
                + " (select id from audit_record where occurred_at < :cutoff limit :batch)")
        .setParameter("cutoff", cutoff)
        .setParameter("batch", batch)
        .executeUpdate();
  }
}
