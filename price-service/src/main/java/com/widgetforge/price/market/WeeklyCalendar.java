package com.widgetforge.price.market;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a market trades, as a week of opening windows in a zone: {@code always}, {@code never}, or
 * windows separated by {@code ;} such as {@code Sun 17:00-Fri 17:00 America/New_York} (a window may
 * wrap around the week's end) or {@code Mon-Fri 08:00-16:30 Europe/Berlin} (a daily window on those
 * days).
 */
public final class WeeklyCalendar {

  private static final Pattern SPAN =
      Pattern.compile(
          "(?i)(mon|tue|wed|thu|fri|sat|sun) (\\d{1,2}:\\d{2})\\s*-\\s*(mon|tue|wed|thu|fri|sat|sun)"
              + " (\\d{1,2}:\\d{2}) (\\S+)");
  private static final Pattern DAILY =
      Pattern.compile(
          "(?i)(mon|tue|wed|thu|fri|sat|sun)\\s*-\\s*(mon|tue|wed|thu|fri|sat|sun)"
              + " (\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2}) (\\S+)");
  private static final int WEEK_MINUTES = 7 * 24 * 60;

  /** A window in minutes of the week (Monday 00:00 = 0) of a zone; may wrap past the week. */
  private record Window(int from, int to, ZoneId zone) {
    boolean contains(Instant at) {
      ZonedDateTime local = at.atZone(zone);
      int minute =
          (local.getDayOfWeek().getValue() - 1) * 24 * 60
              + local.getHour() * 60
              + local.getMinute();
      return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
    }
  }

  private final String spec;
  private final List<Window> windows;
  private final boolean always;

  private WeeklyCalendar(String spec, List<Window> windows, boolean always) {
    this.spec = spec;
    this.windows = windows;
    this.always = always;
  }

  /** Parses a calendar, failing with a message that quotes the part it cannot read. */
  public static WeeklyCalendar parse(String spec) {
    String trimmed = spec.trim();
    if (trimmed.equalsIgnoreCase("always")) {
      return new WeeklyCalendar(trimmed, List.of(), true);
    }
    if (trimmed.equalsIgnoreCase("never")) {
      return new WeeklyCalendar(trimmed, List.of(), false);
    }
    List<Window> windows = new ArrayList<>();
    for (String part : trimmed.split(";")) {
      String window = part.trim().replaceAll("\\s+", " ");
      Matcher span = SPAN.matcher(window);
      Matcher daily = DAILY.matcher(window);
      try {
        if (span.matches()) {
          ZoneId zone = ZoneId.of(span.group(5));
          windows.add(
              new Window(
                  minuteOfWeek(span.group(1), span.group(2)),
                  minuteOfWeek(span.group(3), span.group(4)),
                  zone));
        } else if (daily.matches()) {
          ZoneId zone = ZoneId.of(daily.group(5));
          int first = day(daily.group(1)).getValue();
          int last = day(daily.group(2)).getValue();
          for (int d = first; ; d = d % 7 + 1) {
            String name = DayOfWeek.of(d).getDisplayName(TextStyle.SHORT, Locale.ROOT);
            windows.add(
                new Window(
                    minuteOfWeek(name, daily.group(3)), minuteOfWeek(name, daily.group(4)), zone));
            if (d == last) {
              break;
            }
          }
        } else {
          throw new IllegalArgumentException("not a window");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "'"
                + window
                + "' is not a trading window (e.g. 'Sun 17:00-Fri 17:00 America/New_York',"
                + " 'Mon-Fri 08:00-16:30 Europe/Berlin', 'always', 'never')");
      }
    }
    return new WeeklyCalendar(trimmed, List.copyOf(windows), false);
  }

  private static DayOfWeek day(String name) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.getDisplayName(TextStyle.SHORT, Locale.ROOT).equalsIgnoreCase(name)) {
        return day;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static int minuteOfWeek(String dayName, String time) {
    LocalTime clock = LocalTime.parse(time.length() == 4 ? "0" + time : time);
    return ((day(dayName).getValue() - 1) * 24 * 60 + clock.getHour() * 60 + clock.getMinute())
        % WEEK_MINUTES;
  }

  /** Whether the market trades at {@code at}. */
  public boolean isOpen(Instant at) {
    return always || windows.stream().anyMatch(window -> window.contains(at));
  }

  @Override
  public String toString() {
    return spec;
  }
}
