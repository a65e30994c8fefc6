package com.widgetforge.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** auth-service settings ({@code auth.*}); secrets come only from the environment. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

  /** bcrypt cost for new password hashes; never below 12. */
  @WithDefault("12")
  int bcryptCost();

  /**
   * How long a generated one-time password works before it must have been used and changed; an
   * admin resets it again after that.
   */
  @WithDefault("24h")
  Duration oneTimePasswordLifetime();

  Tokens tokens();

  Sessions sessions();

  Bootstrap bootstrap();

  FirstAdmin firstAdmin();

  Throttle throttle();

  Audit audit();

  /**
   * API keys provisioned from configuration, by name: {@code auth.service-keys."<name>".secret} and
   * {@code .scope} (env {@code AUTH_SERVICE_KEYS__<NAME>__SECRET}, {@code __SCOPE}). auth-service
   * keeps one live {@code api_key} row per entry (ServiceKeyProvisioning).
   */
  Map<String, ServiceKey> serviceKeys();

  /** Token signing. */
  interface Tokens {
    @WithDefault("widgetforge")
    String issuer();

    @WithDefault("widgetforge")
    String audience();

    /** Lifetime of one signed token; the dashboard refreshes it while the session lives. */
    @WithDefault("5m")
    Duration lifetime();

    /** How long a new signing key is published in the JWKS before it signs anything. */
    @WithDefault("10m")
    Duration keyPublishLead();

    /** Lifetime of tokens issued for API keys. */
    @WithDefault("5m")
    Duration apiKeyTokenLifetime();
  }

  /** Server-side sessions. */
  interface Sessions {
    /** A session unused this long ends. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** A session ends this long after login, however active. */
    @WithDefault("12h")
    Duration absoluteTimeout();
  }

  /** The first admin, created on an empty database. */
  interface Bootstrap {
    /** {@code WIDGETFORGE_ADMIN_EMAIL}. */
    @WithDefault("admin@widgetforge.local")
    String adminEmail();

    /**
     * {@code WIDGETFORGE_ADMIN_PASSWORD}; when unset, a one-time password is handed over once (see
     * {@link FirstAdmin}).
     */
    Optional<String> adminPassword();
  }

  /** Where the generated one-time password of the first admin goes ({@code auth.first-admin.*}). */
  interface FirstAdmin {
    /**
     * {@code AUTH_FIRST_ADMIN_PASSWORD_FILE}: when set, the one-time password is written to this
     * file (owner-only, 0600) instead of the console. It never goes to the log.
     */
    Optional<String> passwordFile();
  }

  /** Failed-login throttling. */
  interface Throttle {
    /** Failures per (account, client address) before delays start. */
    @WithDefault("5")
    int freeFailuresPerAccount();

    /** Failures per client address (any account) before delays start. */
    @WithDefault("20")
    int freeFailuresPerAddress();

    /** The first delay once the free failures are used up; each further failure doubles it. */
    @WithDefault("1s")
    Duration firstDelay();

    /** Longest lockout of an (account, address) pair or of an address. */
    @WithDefault("15m")
    Duration maxLockout();

    /**
     * Longest delay imposed on an account across all addresses: attackers spread over many
     * addresses are slowed, but cannot lock the owner out for longer than this.
     */
    @WithDefault("30s")
    Duration maxAccountDelay();

    /** Failures older than this are forgotten. */
    @WithDefault("15m")
    Duration window();

    /**
     * Failures (within the window) a device cookie may have: its attempts are counted against it
     * alone, not against the address or the account. Past this many it is locked for the window,
     * and its client is throttled like one without it.
     */
    @WithDefault("5")
    int failuresPerDevice();

    /** How long a device cookie is honoured; each successful login sets a fresh one. */
    @WithDefault("90d")
    Duration deviceCookieLifetime();
  }

  /** The audit table ({@code GET /auth/audit}). */
  interface Audit {
    /** Records older than this are deleted. */
    @WithDefault("90d")
    Duration retention();
  }

  /** One provisioned service key. */
  interface ServiceKey {
    /**
     * The key's secret: {@code wf_} and at least 32 random base64url characters, as an admin-made
     * key has. Only its hash is stored; it is never logged.
     */
    String secret();

    /** The key's one scope ({@code prices:admin} or {@code accounts:read}). */
    String scope();
  }
}
