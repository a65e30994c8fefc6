package com.widgetforge.account.crypto;

import com.widgetforge.account.AccountConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for investor passwords. Each ciphertext records the id of its key, so keys can be
 * rotated: add the new key, make it current, re-encrypt, then drop the old one. The account id is
 * bound in as associated data, so a ciphertext copied onto another row does not decrypt.
 */
@ApplicationScoped
public class CredentialCipher {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A password encrypted under key {@code keyId}. */
  public record Sealed(String keyId, String ciphertext) {}

  private final Map<String, SecretKey> keys;
  private final String currentKey;

  @Inject
  CredentialCipher(AccountConfig config) {
    this(config.crypto().keys(), config.crypto().currentKey());
  }

  public CredentialCipher(List<String> keySpecs, String currentKey) {
    Map<String, SecretKey> parsed = new LinkedHashMap<>();
    for (String spec : keySpecs) {
      int colon = spec.indexOf(':');
      if (colon < 1) {
        throw new IllegalStateException("account.crypto.keys entries must be id:base64-key");
      }
      byte[] key = Base64.getDecoder().decode(spec.substring(colon + 1).strip());
      if (key.length != 32) {
        throw new IllegalStateException(
            "account.crypto key " + spec.substring(0, colon) + " must be 32 bytes (AES-256)");
      }
      parsed.put(spec.substring(0, colon).strip(), new SecretKeySpec(key, "AES"));
    }
    if (!parsed.containsKey(currentKey)) {
      throw new IllegalStateException(
          "account.crypto.current-key " + currentKey + " is not among account.crypto.keys");
    }
    this.keys = Map.copyOf(parsed);
    this.currentKey = currentKey;
  }

  public String currentKeyId() {
    return currentKey;
  }

  public Sealed seal(String password, String accountId) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKey), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(password.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return new Sealed(currentKey, Base64.getEncoder().encodeToString(out));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  public String open(Sealed sealed, String accountId) {
    SecretKey key = keys.get(sealed.keyId());
    if (key == null) {
      throw new IllegalStateException(
          "password was encrypted with key " + sealed.keyId() + ", which is no longer configured");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.ciphertext());
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      return new String(
          cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("stored password does not decrypt", e);
    }
  }
}
