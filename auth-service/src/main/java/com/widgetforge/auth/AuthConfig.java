package com.widgetforge.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

  Throttle throttle();

  Audit audit();

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

    /** {@code WIDGETFORGE_ADMIN_PASSWORD}; when unset, a one-time password is printed once. */
    Optional<String> adminPassword();
  }

  /** Failed-login throttling. */
  interface Throttle {
    /** Failures per (account, client address) before delays start. */
    @WithDefault("5")
    int freeFailuresPerAccount();

    /** Failures per client address (any account) before delays start. */
    @WithDefault("20")
    int freeFailuresPerAddress();

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
  }

  /** The audit table ({@code GET /auth/audit}). */
  interface Audit {
    /** Records older than this are deleted. */
    @WithDefault("90d")
    Duration retention();
  }
}
