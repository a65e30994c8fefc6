package com.widgetforge.auth.token;

import com.widgetforge.auth.AuthConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The token signing keys. Rotation publishes a new key in the JWKS {@code key-publish-lead} before
 * it signs anything, so every service has fetched it by then; the old key stays in the JWKS until
 * the last token it signed has expired.
 */
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOG = Logger.getLogger(SigningKeys.class);

  private static final byte[] HKDF_SALT =
      "widgetforge auth-service derived secrets".getBytes(StandardCharsets.UTF_8);

  /** A usable key: its id, private key and JWK. */
  public record Key(String kid, PrivateKey privateKey, Instant activeFrom, Instant retireAt) {}

  private final AuthConfig config;
  private final Clock clock;
  private volatile List<SigningKey> rows = List.of();
  private volatile String jwks = "{\"keys\":[]}";
  private volatile long version;

  @Inject
  SigningKeys(AuthConfig config) {
    this(config, Clock.systemUTC());
  }

  SigningKeys(AuthConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Creates the first key, usable at once, when there is none. */
  void start(@Observes StartupEvent started) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              if (SigningKey.count() == 0) {
                create(clock.instant());
                LOG.info("created the first token signing key");
              }
            });
    reload();
  }

  /** Another instance may have rotated, and retired keys leave the JWKS. */
  @Scheduled(
      every = "30s",
      delayed = "30s",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void refresh() {
    reload();
  }

  /**
   * Starts a rotation: the new key is published now and signs from {@code now + lead}; the current
   * key retires once tokens it can still sign have expired.
   */
  @Transactional
  public SigningKey rotate() {
    Instant now = clock.instant();
    Instant activeFrom = now.plus(config.tokens().keyPublishLead());
    // The old key verifies until its last token is past expiry and past the refresh grace
    // (an idle session may refresh a token up to an idle timeout after it expired).
    Instant retireAt =
        activeFrom
            .plus(config.tokens().lifetime())
            .plus(config.tokens().apiKeyTokenLifetime())
            .plus(config.sessions().idleTimeout());
    List<SigningKey> live = SigningKey.list("retireAt is null");
    for (SigningKey old : live) {
      old.retireAt = retireAt;
    }
    SigningKey created = create(activeFrom);
    reload();
    LOG.infof("signing key %s published; it signs from %s", created.kid, activeFrom);
    return created;
  }

  private SigningKey create(Instant activeFrom) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      SigningKey key = new SigningKey();
      key.kid = UUID.randomUUID().toString();
      key.privateKey = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
      key.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
      key.createdAt = clock.instant();
      key.activeFrom = activeFrom;
      key.persist();
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  /** Re-reads keys from the database (another instance may have rotated). */
  public void reload() {
    QuarkusTransaction.joiningExisting().run(this::load);
  }

  private void load() {
    Instant now = clock.instant();
    List<SigningKey> published = SigningKey.list("retireAt is null or retireAt > ?1", now);
    published.sort(Comparator.comparing((SigningKey k) -> k.activeFrom));
    List<JsonWebKey> keys = new ArrayList<>();
    for (SigningKey row : published) {
      keys.add(jwk(row));
    }
    this.rows = List.copyOf(published);
    this.jwks = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    this.version++;
  }

  /** The newest key already allowed to sign. */
  public Key signer() {
    SigningKey current = current();
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance("RSA")
              .generatePrivate(
                  new PKCS8EncodedKeySpec(Base64.getDecoder().decode(current.privateKey)));
      return new Key(current.kid, privateKey, current.activeFrom, current.retireAt);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored signing key is unreadable", e);
    }
  }

  /** The id of the newest key already allowed to sign. */
  public String signerKid() {
    return current().kid;
  }

  /**
   * A 256-bit secret for another use inside auth-service (such as device cookies), derived from a
   * published key's private key with HKDF-SHA256 and {@code purpose} as its info, so it is random,
   * shared by every instance and never a default. It follows the key: empty once the key has left
   * the JWKS (after a rotation), which ends whatever it signed.
   */
  public Optional<byte[]> derivedSecret(String kid, String purpose) {
    return rows.stream()
        .filter(k -> k.kid.equals(kid))
        .findFirst()
        .map(k -> hkdf(Base64.getDecoder().decode(k.privateKey), purpose));
  }

  private static byte[] hkdf(byte[] keyMaterial, String purpose) {
    try {
      Mac extract = Mac.getInstance("HmacSHA256");
      extract.init(new SecretKeySpec(HKDF_SALT, "HmacSHA256"));
      byte[] pseudoRandomKey = extract.doFinal(keyMaterial);
      Mac expand = Mac.getInstance("HmacSHA256");
      expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
      expand.update(purpose.getBytes(StandardCharsets.UTF_8));
      return expand.doFinal(new byte[] {1});
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private SigningKey current() {
    Instant now = clock.instant();
    return rows.stream()
        .filter(k -> !k.activeFrom.isAfter(now))
        .max(Comparator.comparing((SigningKey k) -> k.activeFrom))
        .orElseThrow(() -> new IllegalStateException("no signing key is active"));
  }

  /** Every published public key as a JWKS document. */
  public String jwks() {
    return jwks;
  }

  /** Changes whenever the published key set changes. */
  public long version() {
    return version;
  }

  private static JsonWebKey jwk(SigningKey row) {
    try {
      RSAPublicKey publicKey =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(
                      new X509EncodedKeySpec(Base64.getDecoder().decode(row.publicKey)));
      RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey);
      jwk.setKeyId(row.kid);
      jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
      jwk.setUse("sig");
      return jwk;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("stored public key is unreadable", e);
    }
  }
}
