package com.widgetforge.widget.saved;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A widget a trader or admin saved in a builder: its kind, options (the same ones its public page
 * takes as query parameters) and the sites allowed to frame it. Its random id is also the public
 * token of an account widget.
 */
@Entity
@Table(name = "saved_widget")
public class SavedWidget extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "owner_id", nullable = false)
  public UUID ownerId;

  @Column(nullable = false)
  public String kind;

  @Column(nullable = false)
  public String name;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "config", nullable = false)
  public Map<String, String> options;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "allowed_sites", nullable = false)
  public List<String> allowedSites;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  public static long countOwnedBy(UUID ownerId) {
    return count("ownerId", ownerId);
  }
}
