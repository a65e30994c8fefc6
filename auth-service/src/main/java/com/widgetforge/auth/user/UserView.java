package com.widgetforge.auth.user;

import java.time.Instant;

/** A user as the API shows it: never the password hash. */
public record UserView(
    String id,
    String email,
    String displayName,
    String role,
    boolean active,
    boolean mustChangePassword,
    Instant createdAt,
    Instant updatedAt,
    Instant lastLoginAt) {

  static UserView of(User user) {
    return new UserView(
        user.id.toString(),
        user.email,
        user.displayName,
        user.role,
        user.active,
        user.mustChangePassword,
        user.createdAt,
        user.updatedAt,
        user.lastLoginAt);
  }
}
