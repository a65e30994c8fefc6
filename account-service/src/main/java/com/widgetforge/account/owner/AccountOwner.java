package com.widgetforge.account.owner;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An account owner as {@code auth.users} last described them. */
@Entity
@Table(name = "account_owner")
public class AccountOwner extends PanacheEntityBase {

  @Id
  @Column(name = "user_id")
  public UUID userId;

  @Column(name = "display_name")
  public String displayName;

  public boolean active;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
