package com.widgetforge.auth.user;

import com.widgetforge.kit.problem.ApiProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a password must be: 12 to 128 characters, not the e-mail or display name, not in the shipped
 * list of common passwords ({@code common-passwords.txt}).
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;
  private static final Set<String> COMMON = load();

  private PasswordPolicy() {}

  /** Throws a 400 problem naming the rule the password breaks. */
  public static void check(String password, String email, String displayName) {
    if (password == null || password.isEmpty()) {
      throw ApiProblem.badRequest("password is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw ApiProblem.badRequest(
          "password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (email != null
        && (lower.equals(email.toLowerCase(Locale.ROOT)) || lower.equals(localPart(email)))) {
      throw ApiProblem.badRequest("password must not be the e-mail address");
    }
    if (displayName != null && lower.equals(displayName.toLowerCase(Locale.ROOT).strip())) {
      throw ApiProblem.badRequest("password must not be the display name");
    }
    if (COMMON.contains(lower)) {
      throw ApiProblem.badRequest("password is too common; choose another");
    }
  }

  private static String localPart(String email) {
    int at = email.indexOf('@');
    return (at > 0 ? email.substring(0, at) : email).toLowerCase(Locale.ROOT);
  }

  private static Set<String> load() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("/common-passwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("common-passwords.txt is missing from the classpath");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(line -> line.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
