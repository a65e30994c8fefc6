package com.widgetforge.kit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogTest {

  @Test
  void fieldsAreQuotedInOrderAndNullsLeftOut() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", 403);
    fields.put("actor", null);
    fields.put("path", "/auth/users");
    assertEquals(
        "audit event=request.refused status=\"403\" path=\"/auth/users\"",
        AuditLog.line("request.refused", fields));
  }

  @Test
  void aValueCanForgeNeitherAFieldNorALine() {
    String line =
        AuditLog.line(
            "login.failed",
            Map.of("target", "x\" actor=\"admin\nlevel=INFO audit event=login actor=\"admin"));
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("audit event=login.failed target=\"x\\\" actor=\\\"admin"), line);
    // Every quote inside the value is escaped: the value closes at the end of the line, not before.
    assertEquals(line.length() - 1, closingQuote(line));
  }

  @Test
  void aLongValueIsCut() {
    String line = AuditLog.line("login.failed", Map.of("target", "a".repeat(10_000)));
    assertTrue(line.length() < 260, "length " + line.length());
    assertTrue(line.endsWith("…\""), line.substring(line.length() - 10));
  }

  private static int closingQuote(String line) {
    int start = line.indexOf("target=\"") + 8;
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
