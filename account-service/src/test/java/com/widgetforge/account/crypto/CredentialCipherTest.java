package com.widgetforge.account.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

  static final String K1 = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  static final String K2 = "k2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

  @Test
  void sealsWithTheCurrentKeyAndOpensOnlyForTheSameAccount() {
    CredentialCipher cipher = new CredentialCipher(List.of(K1), "k1");
    CredentialCipher.Sealed sealed = cipher.seal("pässwörd-ünïcode-4", "account-a");
    assertEquals("k1", sealed.keyId());
    assertTrue(!sealed.ciphertext().contains("pässwörd"));
    assertNotEquals(
        sealed.ciphertext(),
        cipher.seal("pässwörd-ünïcode-4", "account-a").ciphertext(),
        "fresh nonce");
    assertEquals("pässwörd-ünïcode-4", cipher.open(sealed, "account-a"));
    assertThrows(IllegalStateException.class, () -> cipher.open(sealed, "account-b"));
  }

  @Test
  void rotationReencryptsUnderTheNewKeyAfterWhichTheOldKeyCanGo() {
    CredentialCipher before = new CredentialCipher(List.of(K1), "k1");
    CredentialCipher.Sealed old = before.seal("Inv3stor!A2", "acc");
    CredentialCipher during = new CredentialCipher(List.of(K2, K1), "k2");
    CredentialCipher.Sealed renewed = during.seal(during.open(old, "acc"), "acc");
    CredentialCipher after = new CredentialCipher(List.of(K2), "k2");
    assertEquals("Inv3stor!A2", after.open(renewed, "acc"));
    IllegalStateException gone =
        assertThrows(IllegalStateException.class, () -> after.open(old, "acc"));
    assertTrue(gone.getMessage().contains("k1"), gone.getMessage());
  }

  @Test
  void refusesBadKeyConfiguration() {
    assertThrows(IllegalStateException.class, () -> new CredentialCipher(List.of(K1), "k9"));
    assertThrows(IllegalStateException.class, () -> new CredentialCipher(List.of("k1:AAAA"), "k1"));
    assertThrows(
        IllegalStateException.class, () -> new CredentialCipher(List.of("no-colon"), "k1"));
  }
}
