package com.widgetforge.price.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.price.history.Timeframe;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trade-server clocks to UTC: configured zones across both DST switches, and detection. */
class ServerClockTest {

  private static final ZoneId EET = ZoneId.of("EET");
  private final ServerClock eet = ServerClock.of("t", EET);

  /** A server wall-clock time, as MT5 counts it: seconds since 1970 as if it were UTC. */
  private static long server(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toEpochSecond(ZoneOffset.UTC);
  }

  private static long utc(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  @Test
  void aBarAtServerMidnightOnTheSpringSwitchDayLandsAtTheRightUtcInstant() {
    // 29 March 2026: EET (UTC+2) until 03:00, then EEST (UTC+3).
    assertEquals(utc("2026-03-28T22:00:00Z"), eet.toUtcSeconds(server("2026-03-29T00:00")));
    assertEquals(utc("2026-03-29T21:00:00Z"), eet.toUtcSeconds(server("2026-03-30T00:00")));
    assertEquals(utc("2026-03-29T00:00:00Z"), eet.toUtcSeconds(server("2026-03-29T02:00")));
    assertEquals(utc("2026-03-29T01:00:00Z"), eet.toUtcSeconds(server("2026-03-29T04:00")));
  }

  @Test
  void aBarAtServerMidnightOnTheAutumnSwitchDayLandsAtTheRightUtcInstant() {
    // 25 October 2026: EEST (UTC+3) until 04:00, then EET (UTC+2); 03:00-04:00 happens twice.
    assertEquals(utc("2026-10-24T21:00:00Z"), eet.toUtcSeconds(server("2026-10-25T00:00")));
    assertEquals(utc("2026-10-25T22:00:00Z"), eet.toUtcSeconds(server("2026-10-26T00:00")));
    // In the repeated hour a bar takes the earlier (summer) offset.
    assertEquals(utc("2026-10-25T00:30:00Z"), eet.toUtcSeconds(server("2026-10-25T03:30")));
    assertEquals(utc("2026-10-25T03:00:00Z"), eet.toUtcSeconds(server("2026-10-25T05:00")));
  }

  @Test
  void aLiveTickInTheRepeatedHourTakesTheOffsetNearestNow() {
    long tick = server("2026-10-25T03:30") * 1000;
    long firstPass = Instant.parse("2026-10-25T00:30:05Z").toEpochMilli();
    long secondPass = Instant.parse("2026-10-25T01:30:05Z").toEpochMilli();
    assertEquals(firstPass - 5_000, eet.tickToUtc(tick, firstPass));
    assertEquals(secondPass - 5_000, eet.tickToUtc(tick, secondPass));
  }

  @Test
  void utcRequestsBecomeServerTimesAndBack() {
    long summer = utc("2026-07-01T12:00:00Z");
    assertEquals(summer + 3 * 3600, eet.toServerSeconds(summer));
    assertEquals(summer, eet.toUtcSeconds(eet.toServerSeconds(summer)));
    long winter = utc("2026-12-01T12:00:00Z");
    assertEquals(winter + 2 * 3600, eet.toServerSeconds(winter));
  }

  @Test
  void aDetectingClockLearnsTheWholeHourOffsetFromAFreshTick() {
    ServerClock clock = ServerClock.detecting("t");
    long now = utc("2026-11-30T10:00:00Z") * 1000;
    assertFalse(clock.known());
    assertThrows(IllegalStateException.class, () -> clock.toUtcSeconds(0));
    // A tick 10 minutes old tells nothing; one 3 s old on a UTC+2 server does.
    assertFalse(clock.observe(now + 2 * 3_600_000 - 600_000, now));
    assertFalse(clock.known());
    assertTrue(clock.observe(now + 2 * 3_600_000 - 3_000, now));
    assertEquals(Optional.of(ZoneOffset.ofHours(2)), clock.offsetAt(Instant.ofEpochMilli(now)));
    assertEquals(now - 3_000, clock.tickToUtc(now + 2 * 3_600_000 - 3_000, now));
  }

  @Test
  void aDetectedOffsetChangesOnlyOnceSeveralPollsAgree() {
    ServerClock clock = ServerClock.detecting("t");
    long now = utc("2026-10-25T01:00:00Z") * 1000;
    clock.observe(now + 3 * 3_600_000, now);
    for (int i = 1; i < ServerClock.CONFIRMATIONS; i++) {
      assertFalse(clock.observe(now + 2 * 3_600_000, now));
      assertEquals(Optional.of(ZoneOffset.ofHours(3)), clock.zone().map(ZoneOffset.class::cast));
    }
    assertTrue(clock.observe(now + 2 * 3_600_000, now));
    assertEquals(Optional.of(ZoneOffset.ofHours(2)), clock.zone().map(ZoneOffset.class::cast));
  }

  @Test
  void dailyAndFourHourBarsAlignOnTheServersClock() {
    long tick = utc("2026-03-29T23:30:00Z");
    // 02:30 on 30 March EEST: the D1 bar opened at 00:00 EEST, 21:00 UTC the day before.
    assertEquals(utc("2026-03-29T21:00:00Z"), Timeframe.D1.openOf(tick, EET));
    assertEquals(utc("2026-03-29T21:00:00Z"), Timeframe.H4.openOf(tick, EET));
    assertEquals(utc("2026-03-29T23:00:00Z"), Timeframe.H1.openOf(tick, EET));
    assertEquals(utc("2026-03-30T00:00:00Z"), Timeframe.D1.openOf(tick + 1800, ZoneOffset.UTC));
  }
}
