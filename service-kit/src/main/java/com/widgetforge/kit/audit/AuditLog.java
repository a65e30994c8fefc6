package com.widgetforge.kit.audit;

import com.widgetforge.kit.input.ControlCharacters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Security events on record: one line each on the {@code widgetforge.audit} logger, a category of
 * its own that an operator can route, keep longer or ship elsewhere. A line reads {@code audit
 * event=login.failed client="203.0.113.9" target="ann@example.com"}: fields as {@code key="value"},
 * values stripped of control characters, quotes escaped and cut to 200 characters, so a line can be
 * neither forged nor flooded. Never pass a secret.
 */
public final class AuditLog {

  public static final String CATEGORY = "widgetforge.audit";
  private static final Logger LOG = Logger.getLogger(CATEGORY);
  private static final int MAX_VALUE = 200;

  private AuditLog() {}

  /** Records {@code event} with its fields, in order; null values are left out. */
  public static void record(String event, Map<String, ?> fields) {
    LOG.info(line(event, fields));
  }

  /** The line {@link #record(String, Map)} writes. */
  static String line(String event, Map<String, ?> fields) {
    StringBuilder line = new StringBuilder("audit event=").append(event);
    fields.forEach(
        (key, value) -> {
          if (value != null) {
            line.append(' ').append(key).append("=\"").append(clean(value.toString())).append('"');
          }
        });
    return line.toString();
  }

  /** Records {@code event} with fields given as alternating names and values. */
  public static void record(String event, Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      fields.put(namesAndValues[i].toString(), namesAndValues[i + 1]);
    }
    record(event, fields);
  }

  private static String clean(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE));
    for (int i = 0; i < value.length() && out.length() < MAX_VALUE; i++) {
      char c = value.charAt(i);
      if (ControlCharacters.isControl(c)) {
        continue;
      }
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return value.length() > MAX_VALUE ? out + "…" : out.toString();
  }
}
