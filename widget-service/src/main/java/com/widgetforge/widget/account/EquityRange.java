package com.widgetforge.widget.account;

import com.widgetforge.kit.problem.ApiProblem;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The spans an equity-curve widget shows, each with the step account-service's history buckets
 * snapshots by (a few hundred points per span, far below its 5,000-point cap).
 */
public enum EquityRange {
  ONE_DAY("1D", Duration.ofDays(1), Duration.ofMinutes(5)),
  ONE_WEEK("1W", Duration.ofDays(7), Duration.ofMinutes(30)),
  ONE_MONTH("1M", Duration.ofDays(30), Duration.ofHours(2)),
  THREE_MONTHS("3M", Duration.ofDays(90), Duration.ofHours(6)),
  ONE_YEAR("1Y", Duration.ofDays(365), Duration.ofDays(1)),
  ALL("ALL", Duration.ofDays(3650), Duration.ofDays(1));

  /** The {@code range} option's values, in order. */
  public static final List<String> LABELS =
      Arrays.stream(values()).map(EquityRange::label).toList();

  private final String label;
  private final Duration span;
  private final Duration step;

  EquityRange(String label, Duration span, Duration step) {
    this.label = label;
    this.span = span;
    this.step = step;
  }

  /** The {@code range} option's value, e.g. {@code 1W}. */
  public String label() {
    return label;
  }

  /** How far back the curve reaches ({@code ALL}: ten years). */
  public Duration span() {
    return span;
  }

  /** The bucket of one history point. */
  public Duration step() {
    return step;
  }

  /** How far back the curve reaches, in seconds (the page's script trims older points). */
  public long spanSeconds() {
    return span.toSeconds();
  }

  /** The range named {@code value}; absent or empty means 1W, anything else is a 400. */
  public static EquityRange parse(String value) {
    if (value == null || value.isEmpty()) {
      return ONE_WEEK;
    }
    return Arrays.stream(values())
        .filter(range -> range.label.equals(value))
        .findFirst()
        .orElseThrow(
            () -> ApiProblem.badRequest("range must be one of " + String.join(", ", LABELS)));
  }
}
