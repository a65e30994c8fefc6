package com.widgetforge.price.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trading calendars: the FX week, crypto around the clock, configured windows. */
class MarketHoursTest {

  private final MarketHours defaults = new MarketHours(Map.of());

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void theFxWeekRunsFromSundayToFridayFivePmNewYorkTime() {
    // Winter: New York is UTC-5, so the week runs Sunday 22:00 to Friday 22:00 UTC.
    assertEquals(MarketHours.State.OPEN, defaults.at("fx", at("2026-12-04T21:59:00Z")));
    assertEquals(MarketHours.State.CLOSED, defaults.at("fx", at("2026-12-04T22:00:00Z")));
    assertEquals(MarketHours.State.CLOSED, defaults.at("metal", at("2026-12-06T21:59:00Z")));
    assertEquals(MarketHours.State.OPEN, defaults.at("metal", at("2026-12-06T22:00:00Z")));
    // Summer: UTC-4, an hour earlier in UTC.
    assertEquals(MarketHours.State.CLOSED, defaults.at("fx", at("2026-07-03T21:30:00Z")));
    assertEquals(MarketHours.State.OPEN, defaults.at("index", at("2026-07-01T12:00:00Z")));
  }

  @Test
  void cryptoTradesAroundTheClockAndUnknownCategoriesUseTheDefault() {
    assertEquals(MarketHours.State.OPEN, defaults.at("crypto", at("2026-12-05T12:00:00Z")));
    assertEquals(MarketHours.State.CLOSED, defaults.at("other", at("2026-12-05T12:00:00Z")));
    assertEquals(MarketHours.State.CLOSED, defaults.at(null, at("2026-12-05T12:00:00Z")));
  }

  @Test
  void configuredCalendarsReplaceTheDefaults() {
    MarketHours hours =
        new MarketHours(
            Map.of("index", "Mon-Fri 08:00-16:30 Europe/Berlin", "fx", "never", "other", "always"));
    assertEquals(MarketHours.State.OPEN, hours.at("index", at("2026-12-01T10:00:00Z")));
    assertEquals(MarketHours.State.CLOSED, hours.at("index", at("2026-12-01T16:00:00Z")));
    assertEquals(MarketHours.State.CLOSED, hours.at("index", at("2026-12-05T10:00:00Z")));
    assertEquals(MarketHours.State.CLOSED, hours.at("fx", at("2026-12-01T10:00:00Z")));
    assertEquals(MarketHours.State.OPEN, hours.at("other", at("2026-12-05T10:00:00Z")));
  }

  @Test
  void aCalendarThatCannotBeReadNamesItsKey() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MarketHours(Map.of("fx", "Sunday evening to Friday")));
    assertTrue(
        error.getMessage().startsWith("price.market-hours.fx: 'Sunday evening"),
        error.getMessage());
  }

  @Test
  void windowsMayWrapAroundTheWeek() {
    WeeklyCalendar weekend = WeeklyCalendar.parse("Fri 22:00-Mon 06:00 UTC");
    assertTrue(weekend.isOpen(at("2026-12-06T12:00:00Z")));
    assertTrue(weekend.isOpen(at("2026-12-07T05:59:00Z")));
    assertFalse(weekend.isOpen(at("2026-12-07T06:00:00Z")));
  }
}
