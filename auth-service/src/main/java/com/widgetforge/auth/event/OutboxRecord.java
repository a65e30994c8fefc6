package com.widgetforge.auth.event;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event written in the same transaction as the change it describes, waiting to be relayed. */
@Entity
@Table(name = "outbox")
public class OutboxRecord extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String topic;

  @Column(name = "record_key")
  public String key;

  public String payload;

  @Column(name = "created_at")
  public Instant createdAt = Instant.now();
}
