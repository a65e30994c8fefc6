package com.widgetforge.account.account;

import com.widgetforge.account.provider.ProviderStatus;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An account as the API shows it: never the password, only whether one is stored; with its provider
 * status (last sync, stale, last error, circuit open).
 */
public record AccountView(
    String id,
    String ownerId,
    String ownerName,
    String platform,
    long login,
    String server,
    String label,
    String provider,
    String firm,
    BigDecimal initialBalance,
    String currency,
    Rules rules,
    String widgetToken,
    boolean polling,
    boolean hasInvestorPassword,
    Instant createdAt,
    Instant updatedAt,
    ProviderStatus status) {

  static AccountView of(TradingAccount a, String ownerName, ProviderStatus status) {
    return new AccountView(
        a.id.toString(),
        a.ownerId.toString(),
        ownerName,
        a.platform,
        a.login,
        a.server,
        a.label,
        a.provider,
        a.firm,
        a.initialBalance,
        a.currency,
        Rules.of(a),
        a.widgetToken,
        a.polling,
        a.passwordCiphertext != null,
        a.createdAt,
        a.updatedAt,
        status);
  }
}
