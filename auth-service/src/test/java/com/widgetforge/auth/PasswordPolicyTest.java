package com.widgetforge.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.widgetforge.auth.user.PasswordPolicy;
import com.widgetforge.kit.problem.ApiProblem;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  @Test
  void acceptsALongUncommonPassphrase() {
    assertDoesNotThrow(() -> PasswordPolicy.check("tangerine orbit 42 ledger", "a@b.c", "Ann"));
    assertDoesNotThrow(() -> PasswordPolicy.check("x".repeat(128), "a@b.c", "Ann"));
  }

  @Test
  void rejectsTooShortTooLongCommonOrPersonalPasswords() {
    assertThrows(ApiProblem.class, () -> PasswordPolicy.check("elevenchars", "a@b.c", "Ann"));
    assertThrows(ApiProblem.class, () -> PasswordPolicy.check("x".repeat(129), "a@b.c", "Ann"));
    assertThrows(ApiProblem.class, () -> PasswordPolicy.check("QWERTY123456", "a@b.c", "Ann"));
    assertThrows(ApiProblem.class, () -> PasswordPolicy.check("Welcome2026!", "a@b.c", "Ann"));
    assertThrows(
        ApiProblem.class,
        () -> PasswordPolicy.check("long.name@example.com", "long.name@example.com", "Ann"));
    assertThrows(
        ApiProblem.class,
        () -> PasswordPolicy.check("Long.Name.Person", "long.name.person@example.com", "Ann"));
    assertThrows(
        ApiProblem.class,
        () -> PasswordPolicy.check("The Forex Queen", "a@b.c", "the forex queen"));
  }
}
