package com.widgetforge.widget.saved;

import com.widgetforge.kit.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is asking: a trader works on their own widgets, an admin on every widget. */
public record Caller(String userId, boolean admin) {

  public static Caller of(JsonWebToken token) {
    return new Caller(token.getSubject(), token.getGroups().contains(Roles.ADMIN));
  }

  public boolean owns(String ownerId) {
    return admin || userId.equals(ownerId);
  }
}
