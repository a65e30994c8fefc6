package com.widgetforge.kit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.kit.audit.AuditRecord.Outcome;
import org.junit.jupiter.api.Test;

class AuditLogTest {

  @Test
  void fieldsAreQuotedInOrderAndNullsLeftOut() {
    AuditRecord record =
        AuditRecord.event("request.refused", Outcome.REFUSED)
            .target("/auth/users")
            .detail("GET /auth/users 403")
            .build("auth-service", 1_700_000_000_000L);
    assertEquals(
        "audit event=request.refused outcome=\"refused\" actor=\"anonymous\""
            + " target=\"/auth/users\" detail=\"GET /auth/users 403\" id=\""
            + record.id()
            + "\"",
        AuditLog.line(record));
  }

  @Test
  void aValueCanForgeNeitherAFieldNorALine() {
    String line =
        AuditLog.line(
            AuditRecord.event("login.failed", Outcome.FAILED)
                .target("x\" actor=\"admin\nlevel=INFO audit event=login actor=\"admin")
                .build("auth-service", 1L));
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.contains(" target=\"x\\\" actor=\\\"admin"), line);
    // Every quote inside the value is escaped: the value closes where the next field begins.
    int start = line.indexOf("target=\"") + 8;
    assertEquals(line.indexOf("\" id=\""), closingQuote(line, start));
  }

  @Test
  void aLongValueIsCut() {
    String line =
        AuditLog.line(
            AuditRecord.event("login.failed", Outcome.FAILED)
                .target("a".repeat(10_000))
                .build("auth-service", 1L));
    assertTrue(line.length() < 320, "length " + line.length());
    assertTrue(line.contains("a…\""), line);
  }

  private static int closingQuote(String line, int start) {
    for (int i = start; i < line.length(); i++) {
      if (line.charAt(i) == '\\') {
        i++;
      } else if (line.charAt(i) == '"') {
        return i;
      }
    }
    return -1;
  }
}
