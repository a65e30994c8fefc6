package com.widgetforge.auth.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A stored audit record (table {@code audit_record}); rows are only inserted and purged. */
@Entity
@Table(name = "audit_record")
public class AuditEntry extends PanacheEntityBase {

  @Id public Long id;

  @Column(name = "record_id")
  public UUID recordId;

  @Column(name = "occurred_at")
  public Instant occurredAt;

  public String service;

  public String event;

  public String actor;

  public String target;

  public String client;

  public String outcome;

  public String detail;
}
