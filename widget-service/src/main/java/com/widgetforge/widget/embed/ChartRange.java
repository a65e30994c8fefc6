package com.widgetforge.widget.embed;

import com.widgetforge.kit.problem.ApiProblem;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The spans a mini chart shows, each with the price-service timeframe whose bars draw it (a few
 * hundred points per span, never more than one history request may return).
 */
public enum ChartRange {
  ONE_DAY("1D", "M5", Duration.ofDays(1), Duration.ofMinutes(5)),
  FIVE_DAYS("5D", "M15", Duration.ofDays(5), Duration.ofMinutes(15)),
  ONE_MONTH("1M", "H1", Duration.ofDays(30), Duration.ofHours(1)),
  THREE_MONTHS("3M", "H4", Duration.ofDays(90), Duration.ofHours(4)),
  ONE_YEAR("1Y", "D1", Duration.ofDays(365), Duration.ofDays(1));

  /** The {@code range} parameter's values, in order. */
  public static final List<String> LABELS = Arrays.stream(values()).map(ChartRange::label).toList();

  private final String label;
  private final String timeframe;
  private final Duration span;
  private final Duration step;

  ChartRange(String label, String timeframe, Duration span, Duration step) {
    this.label = label;
    this.timeframe = timeframe;
    this.span = span;
    this.step = step;
  }

  /** The {@code range} parameter's value, e.g. {@code 1D}. */
  public String label() {
    return label;
  }

  /** The price-service timeframe of the bars, e.g. {@code M5}. */
  public String timeframe() {
    return timeframe;
  }

  /** How far back the chart reaches, in seconds. */
  public long spanSeconds() {
    return span.toSeconds();
  }

  /** The length of one bar, in seconds. */
  public long stepSeconds() {
    return step.toSeconds();
  }

  /** The most bars the span can hold (one more for the bar still being built). */
  public int maxBars() {
    return (int) (span.toSeconds() / step.toSeconds()) + 1;
  }

  /** The range named by {@code value}; absent or empty means 1D, anything else is a 400. */
  public static ChartRange parse(List<String> values) {
    if (values != null && values.size() > 1) {
      throw ApiProblem.badRequest("range may be given once");
    }
    String value = values == null ? null : values.get(0);
    if (value == null || value.isEmpty()) {
      return ONE_DAY;
    }
    return Arrays.stream(values())
        .filter(range -> range.label.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "range must be one of " + LABELS.stream().collect(Collectors.joining(", "))));
  }
}
