package com.widgetforge.auth.user;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A trader or admin. The password is a bcrypt hash that Elytron's JDBC realm verifies. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

  @Id public UUID id;

  public String email;

  @Column(name = "display_name")
  public String displayName;

  @Column(name = "password_hash")
  public String passwordHash;

  public String role;

  public boolean active;

  @Column(name = "must_change_password")
  public boolean mustChangePassword;

  /** When a one-time password stops working; null for a password the user chose. */
  @Column(name = "password_expires_at")
  public Instant passwordExpiresAt;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Column(name = "last_login_at")
  public Instant lastLoginAt;

  public static Optional<User> byEmail(String email) {
    return find("lower(email) = lower(?1)", email).firstResultOptional();
  }

  /** Whether the password is a one-time one whose time is up. */
  public boolean passwordExpired(Instant now) {
    return passwordExpiresAt != null && !now.isBefore(passwordExpiresAt);
  }

  public static boolean anyAdmin() {
    return count("role", "admin") > 0;
  }
}
