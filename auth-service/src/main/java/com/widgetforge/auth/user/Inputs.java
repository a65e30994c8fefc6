package com.widgetforge.auth.user;

import com.widgetforge.kit.problem.ApiProblem;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of the fields users type, with messages fit for them. */
public final class Inputs {

  public static final Set<String> ROLES = Set.of("trader", "admin");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private Inputs() {}

  public static String email(String email) {
    String value = email == null ? "" : email.strip();
    if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
      throw ApiProblem.badRequest("email must be a valid e-mail address (at most 254 characters)");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  public static String displayName(String name) {
    String value = name == null ? "" : name.strip();
    if (value.isEmpty() || value.length() > 100 || CONTROL.matcher(value).find()) {
      throw ApiProblem.badRequest("displayName must be 1 to 100 printable characters");
    }
    return value;
  }

  public static String role(String role) {
    if (role == null || !ROLES.contains(role)) {
      throw ApiProblem.badRequest("role must be trader or admin");
    }
    return role;
  }
}
