package com.widgetforge.account.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An account as a provider needs it. The investor password is decrypted only if an adapter asks for
 * it (the fivers API authenticates with the firm's API key instead).
 */
public record ProviderAccount(
    UUID id,
    String providerId,
    long login,
    String server,
    BigDecimal initialBalance,
    String currency,
    Instant createdAt,
    Supplier<String> password,
    String provider) {

  /** The account as the provider knows it: the request budget is per this key. */
  public String gateKey() {
    return keyOf(provider, providerId);
  }

  public static String keyOf(String provider, String providerId) {
    return provider + ":" + providerId;
  }
}
