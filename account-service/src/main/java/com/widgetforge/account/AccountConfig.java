package com.widgetforge.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** account-service settings ({@code account.*}); keys and API keys only from the environment. */
@ConfigMapping(prefix = "account")
public interface AccountConfig {

  Crypto crypto();

  Polling polling();

  Fivers fivers();

  /** The5ers' API (base URL: {@code quarkus.rest-client.fivers.url}, {@code FIVERS_URL}). */
  interface Fivers {
    /** Bearer API key ({@code FIVERS_API_KEY}); no default. */
    Optional<String> apiKey();
  }

  /** Encryption of investor passwords at rest. */
  interface Crypto {
    /**
     * {@code id:base64} AES-256 keys ({@code ACCOUNT_CRYPTO_KEYS}), e.g. {@code k2:...,k1:...}.
     * Keep an old key listed until rows are re-encrypted, then remove it.
     */
    List<String> keys();

    /** The id of the key new and re-encrypted rows use ({@code ACCOUNT_CRYPTO_CURRENT_KEY}). */
    String currentKey();
  }

  /** How accounts are polled. */
  interface Polling {
    /** Least time between two requests to a provider for one account, retries included. */
    @WithDefault("5s")
    Duration requestFloor();

    /** How often the poller looks for accounts that are due. */
    @WithDefault("1s")
    Duration tick();

    /** Data older than this is shown as stale. */
    @WithDefault("60s")
    Duration freshness();

    /** How long a provider's summary (trading days, day-start equity) is reused. */
    @WithDefault("5m")
    Duration summaryCache();
  }
}
