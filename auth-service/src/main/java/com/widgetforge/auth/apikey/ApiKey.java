package com.widgetforge.auth.apikey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A machine credential with one scope. Tokens issued for it carry {@code sid = key-<id>}. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

  private static final String SESSION_PREFIX = "key-";

  @Id public UUID id;

  public String name;

  public String scope;

  @Column(name = "secret_hash")
  public String secretHash;

  @Column(name = "created_by")
  public UUID createdBy;

  /** The {@code auth.service-keys} entry of a provisioned key; null for an admin's. */
  @Column(name = "provisioned_as")
  public String provisionedAs;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "last_used_at")
  public Instant lastUsedAt;

  public boolean isLive(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  /** Whether the key comes from configuration ({@code auth.service-keys}) rather than an admin. */
  public boolean isProvisioned() {
    return provisionedAs != null;
  }

  /** Who the key's tokens belong to, as their {@code sub}: the key itself. */
  public String subject() {
    return "apikey:" + id;
  }

  /** Whom a revocation event names: the admin who created the key, else the key itself. */
  public String owner() {
    return createdBy != null ? createdBy.toString() : subject();
  }

  public String sessionId() {
    return SESSION_PREFIX + id;
  }

  public static boolean isKeySession(String sessionId) {
    return sessionId.startsWith(SESSION_PREFIX);
  }

  public static Optional<ApiKey> bySession(String sessionId) {
    try {
      return findByIdOptional(UUID.fromString(sessionId.substring(SESSION_PREFIX.length())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
