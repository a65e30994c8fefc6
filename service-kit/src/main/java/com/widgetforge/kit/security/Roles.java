package com.widgetforge.kit.security;

/** The {@code groups} a WidgetForge token can carry: user roles and API-key scopes. */
public final class Roles {

  public static final String TRADER = "trader";
  public static final String ADMIN = "admin";

  /**
   * The only group of a user who must change a one-time password first: it opens nothing but {@code
   * GET /auth/me} and {@code POST /auth/me/password}.
   */
  public static final String PASSWORD_CHANGE = "password-change";

  /** API-key scope: read terminals and other price-service admin views. */
  public static final String PRICES_ADMIN = "prices:admin";

  /** API-key scope: read every account's data. */
  public static final String ACCOUNTS_READ = "accounts:read";

  /** The claim naming the server-side session (or API key) a token belongs to. */
  public static final String SESSION_CLAIM = "sid";

  private Roles() {}
}
