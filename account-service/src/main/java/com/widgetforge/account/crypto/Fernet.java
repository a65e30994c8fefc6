package com.widgetforge.account.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts Fernet tokens (Python {@code cryptography}'s format, which the old system used): {@code
 * 0x80 | timestamp(8) | IV(16) | AES-128-CBC ciphertext | HMAC-SHA256(32)}, base64url, with a
 * 32-byte key whose first half signs and second half encrypts. Read-only: only for import.
 */
public final class Fernet {

  private final SecretKeySpec signingKey;
  private final SecretKeySpec encryptionKey;

  /** {@code key}: the key file's content, 32 bytes in base64url. */
  public Fernet(String key) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(key.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Fernet key is not base64url");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException("the Fernet key must be 32 bytes, not " + bytes.length);
    }
    signingKey = new SecretKeySpec(Arrays.copyOfRange(bytes, 0, 16), "HmacSHA256");
    encryptionKey = new SecretKeySpec(Arrays.copyOfRange(bytes, 16, 32), "AES");
  }

  /** The plaintext, or an IllegalArgumentException for a token that is not genuine. */
  public String decrypt(String token) {
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(token.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Fernet token (bad base64)");
    }
    if (data.length < 1 + 8 + 16 + 16 + 32 || data[0] != (byte) 0x80) {
      throw new IllegalArgumentException("not a Fernet token");
    }
    try {
      int macAt = data.length - 32;
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(signingKey);
      mac.update(data, 0, macAt);
      if (!MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(data, macAt, data.length))) {
        throw new IllegalArgumentException("Fernet token does not match the key");
      }
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(data, 9, 16));
      return new String(cipher.doFinal(data, 25, macAt - 25), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Fernet token does not decrypt");
    }
  }
}
