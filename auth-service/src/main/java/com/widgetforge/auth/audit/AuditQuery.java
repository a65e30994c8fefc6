package com.widgetforge.auth.audit;

import com.widgetforge.kit.problem.ApiProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /auth/audit} asks for: exact {@code event}, {@code actor} and {@code target}, a
 * time range ({@code since} inclusive, {@code until} exclusive), and a page of {@code limit}
 * records, newest first, after {@code cursor} (the previous page's {@code next}).
 */
public record AuditQuery(
    Optional<String> event,
    Optional<String> actor,
    Optional<String> target,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit,
    Optional<Cursor> cursor) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;
  private static final int MAX_TEXT = 256;
  private static final Pattern CURSOR = Pattern.compile("(-?\\d{1,19})\\.(\\d{1,19})");
  // What PostgreSQL's timestamptz and the ISO format both hold.
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** Where a page ends: the last record's time (microseconds since the epoch) and id. */
  public record Cursor(long epochMicros, long id) {

    static Cursor after(AuditEntry last) {
      return new Cursor(ChronoUnit.MICROS.between(Instant.EPOCH, last.occurredAt), last.id);
    }

    Instant time() {
      return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }

    @Override
    public String toString() {
      return epochMicros + "." + id;
    }
  }

  /** The query from raw parameters; a 400 problem names the parameter that is wrong. */
  public static AuditQuery parse(
      String event,
      String actor,
      String target,
      String since,
      String until,
      String limit,
      String cursor) {
    AuditQuery query =
        new AuditQuery(
            text("event", event),
            text("actor", actor),
            text("target", target),
            instant("since", since),
            instant("until", until),
            limit(limit),
            cursor(cursor));
    if (query.since.isPresent()
        && query.until.isPresent()
        && !query.since.get().isBefore(query.until.get())) {
      throw ApiProblem.badRequest("since must be before until");
    }
    return query;
  }

  private static Optional<String> text(String name, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > MAX_TEXT) {
      throw ApiProblem.badRequest(name + " must be at most " + MAX_TEXT + " characters");
    }
    return Optional.of(value);
  }

  private static Optional<Instant> instant(String name, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      Instant instant = Instant.parse(value);
      if (inRange(instant)) {
        return Optional.of(instant);
      }
    } catch (DateTimeParseException e) {
      // falls through to the problem
    }
    throw ApiProblem.badRequest(
        name + " must be an ISO-8601 instant between years 1 and 9999, e.g. 2025-01-31T00:00:00Z");
  }

  private static boolean inRange(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  private static int limit(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // falls through to the problem
    }
    throw ApiProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
  }

  private static Optional<Cursor> cursor(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Matcher parts = CURSOR.matcher(value);
    if (parts.matches()) {
      try {
        Cursor cursor = new Cursor(Long.parseLong(parts.group(1)), Long.parseLong(parts.group(2)));
        if (inRange(cursor.time())) {
          return Optional.of(cursor);
        }
      } catch (NumberFormatException e) {
        // falls through to the problem
      }
    }
    throw ApiProblem.badRequest("cursor must be the next value of a previous page");
  }
}
