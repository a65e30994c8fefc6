package com.widgetforge.account.account;

import com.widgetforge.kit.security.Roles;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is asking: a trader sees their own accounts, an admin or an accounts:read key all. */
public record Caller(UUID userId, boolean admin, boolean readsAll) {

  public static Caller of(JsonWebToken token) {
    boolean admin = token.getGroups().contains(Roles.ADMIN);
    UUID user;
    try {
      user = UUID.fromString(token.getSubject());
    } catch (IllegalArgumentException | NullPointerException e) {
      user = null; // an API key
    }
    return new Caller(user, admin, admin || token.getGroups().contains(Roles.ACCOUNTS_READ));
  }

  public boolean mayRead(TradingAccount account) {
    return readsAll || account.ownerId.equals(userId);
  }

  public boolean mayChange(TradingAccount account) {
    return admin || (userId != null && account.ownerId.equals(userId));
  }
}
