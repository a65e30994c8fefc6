package com.widgetforge.price.api;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.price.history.Timeframe;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/** The validated parameters of a history request, with the old chart-history defaults. */
public record HistoryQuery(Timeframe timeframe, Instant from, Instant to, int limit) {

  public static final int MAX_LIMIT = 5000;
  static final Duration DEFAULT_SPAN = Duration.ofHours(24);
  private static final Instant EARLIEST = Instant.EPOCH;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** Parses the raw query parameters; null means absent. Fails with a 400 naming the parameter. */
  public static HistoryQuery parse(
      String timeframe, String from, String to, String limit, Instant now) {
    Timeframe tf =
        timeframe == null
            ? Timeframe.M15
            : Timeframe.parse(timeframe)
                .orElseThrow(
                    () ->
                        ApiProblem.badRequest(
                            "timeframe must be one of " + Arrays.toString(Timeframe.values())));
    Instant end = to == null ? now : instant("to", to);
    Instant start = from == null ? end.minus(DEFAULT_SPAN) : instant("from", from);
    if (start.isAfter(end)) {
      throw ApiProblem.badRequest("from must not be after to");
    }
    int max = MAX_LIMIT;
    if (limit != null) {
      try {
        max = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw ApiProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
      }
      if (max < 1 || max > MAX_LIMIT) {
        throw ApiProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
      }
    }
    return new HistoryQuery(tf, start, end, max);
  }

  /** Epoch seconds (as MT5 gives bar times) or an ISO-8601 instant such as 2026-01-02T00:00:00Z. */
  private static Instant instant(String name, String value) {
    Instant instant;
    try {
      instant =
          value.matches("-?\\d{1,12}")
              ? Instant.ofEpochSecond(Long.parseLong(value))
              : Instant.parse(value);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ApiProblem.badRequest(
          name + " must be epoch seconds or an ISO-8601 instant such as 2026-01-02T00:00:00Z");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw ApiProblem.badRequest(name + " must lie between 1970 and 9999");
    }
    return instant;
  }
}
