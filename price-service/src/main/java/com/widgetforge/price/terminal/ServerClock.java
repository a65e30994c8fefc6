package com.widgetforge.price.terminal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A trade server's clock. MT5 reports tick and bar times as the server's wall-clock time counted as
 * if it were UTC (most brokers run EET with EU daylight saving: UTC+2 in winter, UTC+3 in summer);
 * this converts them to UTC and back, at the edge, so that everything after it is UTC.
 *
 * <p>The server's zone is either configured (an IANA zone, which knows every daylight-saving
 * switch) or detected: the offset of the freshest tick from the current UTC time, rounded to a
 * whole hour, learned at connection and followed afterwards (a new offset is taken once {@value
 * #CONFIRMATIONS} polls in a row agree on it, which is how a detected clock follows a DST switch).
 * A detected clock is a fixed offset: converting history across a DST switch needs the configured
 * zone. Thread-safe.
 */
public final class ServerClock {

  private static final Logger LOG = Logger.getLogger(ServerClock.class);

  /** How far a tick may lag the current time and still tell the server's offset. */
  public static final Duration FRESH = Duration.ofSeconds(90);

  /** Consecutive polls that must agree before a detected offset changes. */
  static final int CONFIRMATIONS = 5;

  private static final long HOUR_MS = 3_600_000;
  private static final long MAX_OFFSET_MS = 14 * HOUR_MS;

  private final String terminalId;
  private final ZoneId configured;
  private volatile ZoneOffset detected;
  private ZoneOffset pending;
  private int agreeing;

  private ServerClock(String terminalId, ZoneId configured) {
    this.terminalId = terminalId;
    this.configured = configured;
  }

  /** A server whose zone is configured. */
  public static ServerClock of(String terminalId, ZoneId zone) {
    return new ServerClock(terminalId, zone);
  }

  /** A server whose offset is learned from its ticks. */
  public static ServerClock detecting(String terminalId) {
    return new ServerClock(terminalId, null);
  }

  /** UTC: what the simulator and WidgetForge itself use. */
  public static ServerClock utc(String terminalId) {
    return of(terminalId, ZoneOffset.UTC);
  }

  /** Whether times can be converted: configured, or detected already. */
  public boolean known() {
    return configured != null || detected != null;
  }

  /** The zone times are converted with: the configured one, or the detected offset. */
  public Optional<ZoneId> zone() {
    return configured != null ? Optional.of(configured) : Optional.ofNullable(detected);
  }

  /** Whether the zone was configured rather than detected. */
  public boolean configured() {
    return configured != null;
  }

  /** The server's offset from UTC at {@code instant}, if known. */
  public Optional<ZoneOffset> offsetAt(Instant instant) {
    return zone().map(zone -> zone.getRules().getOffset(instant));
  }

  /**
   * Learns from a tick the terminal just reported ({@code serverMsc} on the server's clock) at
   * {@code nowUtcMsc}: answers whether the offset changed (or was learned). Ticks that are not
   * fresh tell nothing; a configured clock ignores them.
   */
  public synchronized boolean observe(long serverMsc, long nowUtcMsc) {
    if (configured != null) {
      return false;
    }
    long difference = serverMsc - nowUtcMsc;
    long hours = Math.round(difference / (double) HOUR_MS);
    long residual = difference - hours * HOUR_MS;
    if (Math.abs(residual) > FRESH.toMillis() || Math.abs(hours * HOUR_MS) > MAX_OFFSET_MS) {
      return false;
    }
    ZoneOffset candidate = ZoneOffset.ofHours((int) hours);
    if (candidate.equals(detected)) {
      pending = null;
      agreeing = 0;
      return false;
    }
    if (detected != null) {
      if (!candidate.equals(pending)) {
        pending = candidate;
        agreeing = 0;
      }
      if (++agreeing < CONFIRMATIONS) {
        return false;
      }
    }
    LOG.infof(
        "terminal %s: the trade server's clock is UTC%s (detected from its ticks%s); set"
            + " price.terminals.%s.server-zone to its IANA zone to convert history across"
            + " daylight-saving switches",
        terminalId,
        candidate.getId().equals("Z") ? "+00:00" : candidate.getId(),
        detected == null ? "" : ", was UTC" + detected.getId(),
        terminalId);
    detected = candidate;
    pending = null;
    agreeing = 0;
    return true;
  }

  /**
   * A tick's time on the server's clock in UTC milliseconds. In the hour that repeats when the
   * clocks go back, the offset that puts the tick nearer {@code nowUtcMsc} wins (a live tick is
   * recent).
   */
  public long tickToUtc(long serverMsc, long nowUtcMsc) {
    ZoneId zone = requireZone();
    LocalDateTime local = localOf(Math.floorDiv(serverMsc, 1000), Math.floorMod(serverMsc, 1000));
    var offsets = zone.getRules().getValidOffsets(local);
    if (offsets.size() <= 1) {
      return ZonedDateTime.ofLocal(local, zone, null).toInstant().toEpochMilli();
    }
    long best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (ZoneOffset offset : offsets) {
      long utc = local.toInstant(offset).toEpochMilli();
      if (Math.abs(utc - nowUtcMsc) < bestDistance) {
        best = utc;
        bestDistance = Math.abs(utc - nowUtcMsc);
      }
    }
    return best;
  }

  /**
   * A bar's open time on the server's clock in UTC epoch seconds. A time in the hour skipped when
   * the clocks go forward moves forward by the gap; in the hour that repeats, the earlier offset
   * (summer time) is taken, as {@link ZonedDateTime#ofLocal} does.
   */
  public long toUtcSeconds(long serverSeconds) {
    return ZonedDateTime.ofLocal(localOf(serverSeconds, 0), requireZone(), null).toEpochSecond();
  }

  /** A UTC instant (epoch seconds) as the server's clock shows it, counted as if it were UTC. */
  public long toServerSeconds(long utcSeconds) {
    ZoneOffset offset = requireZone().getRules().getOffset(Instant.ofEpochSecond(utcSeconds));
    return utcSeconds + offset.getTotalSeconds();
  }

  private static LocalDateTime localOf(long seconds, long millis) {
    return LocalDateTime.ofEpochSecond(seconds, (int) millis * 1_000_000, ZoneOffset.UTC);
  }

  private ZoneId requireZone() {
    return zone()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the trade server's clock of terminal "
                        + terminalId
                        + " is not known yet (no fresh tick: is the market closed?); set"
                        + " price.terminals."
                        + terminalId
                        + ".server-zone"));
  }
}
