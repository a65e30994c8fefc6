package com.widgetforge.account.provider;

/**
 * A source of account data, chosen per account by name: {@code simulated}, {@code fivers}; an
 * MT5-investor adapter (login, server and the investor password) can be added as another bean.
 * Implementations may block; they are called on the poller's workers, one request at a time per
 * account, and must throw {@link ProviderException} on failure.
 */
public interface AccountProvider {

  String name();

  AccountData.Info info(ProviderAccount account);

  AccountData.Positions positions(ProviderAccount account);

  AccountData.Summary summary(ProviderAccount account);

  /** Whether calls to this provider are currently refused by its circuit breaker. */
  default boolean circuitOpen() {
    return false;
  }
}
