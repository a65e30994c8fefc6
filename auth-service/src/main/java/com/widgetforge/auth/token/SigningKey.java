package com.widgetforge.auth.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One RS256 key pair (PKCS#8 / X.509, base64). */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

  @Id public String kid;

  @Column(name = "private_key")
  public String privateKey;

  @Column(name = "public_key")
  public String publicKey;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "active_from")
  public Instant activeFrom;

  @Column(name = "retire_at")
  public Instant retireAt;
}
