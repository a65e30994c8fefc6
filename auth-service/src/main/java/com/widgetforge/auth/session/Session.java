package com.widgetforge.auth.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A login: what the token's {@code sid} names and what logout revokes. */
@Entity
@Table(name = "user_session")
public class Session extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "user_id")
  public UUID userId;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "last_seen_at")
  public Instant lastSeenAt;

  @Column(name = "idle_expires_at")
  public Instant idleExpiresAt;

  @Column(name = "absolute_expires_at")
  public Instant absoluteExpiresAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revoked_reason")
  public String revokedReason;

  @Column(name = "user_agent")
  public String userAgent;

  @Column(name = "client_address")
  public String clientAddress;

  boolean isLive(Instant now) {
    return revokedAt == null && now.isBefore(idleExpiresAt) && now.isBefore(absoluteExpiresAt);
  }
}
