package com.widgetforge.auth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.auth.AuthConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static final AuthConfig.Throttle CONFIG =
      new AuthConfig.Throttle() {
        public int freeFailuresPerAccount() {
          return 5;
        }

        public int freeFailuresPerAddress() {
          return 20;
        }

        public Duration firstDelay() {
          return Duration.ofSeconds(1);
        }

        public Duration maxLockout() {
          return Duration.ofMinutes(15);
        }

        public Duration maxAccountDelay() {
          return Duration.ofSeconds(30);
        }

        public Duration window() {
          return Duration.ofMinutes(15);
        }

        public int failuresPerDevice() {
          return 5;
        }

        public Duration deviceCookieLifetime() {
          return Duration.ofDays(90);
        }
      };

  private final HandClock clock = new HandClock();
  private final LoginThrottle throttle = new LoginThrottle(CONFIG, clock);

  /** Makes attempts until one is held back, moving the clock past each wait; returns that wait. */
  private Duration attemptUntilHeld(String email, String address, int attempts) {
    Duration wait = Duration.ZERO;
    for (int i = 0; i < attempts; i++) {
      wait = throttle.begin(email, address);
      if (!wait.isZero()) {
        return wait;
      }
    }
    return wait;
  }

  @Test
  void delaysGrowOnlyAfterTheFreeFailures() {
    assertEquals(
        Duration.ZERO, attemptUntilHeld("a@x", "1.1.1.1", 6), "5 free failures, and a 6th try");
    assertEquals(Duration.ofSeconds(1), throttle.begin("a@x", "1.1.1.1"));
    clock.now = clock.now.plusSeconds(1);
    assertEquals(
        Duration.ZERO, throttle.begin("A@X ", "1.1.1.1"), "e-mail case and spaces ignored");
    assertEquals(Duration.ofSeconds(2), throttle.begin("a@x", "1.1.1.1"));
  }

  @Test
  void lockoutOfAnAddressIsBoundedAndForgottenAfterTheWindow() {
    Duration longest = Duration.ZERO;
    for (int i = 0; i < 200; i++) {
      Duration wait = throttle.begin("a@x", "1.1.1.1");
      longest = wait.compareTo(longest) > 0 ? wait : longest;
      clock.now = clock.now.plus(wait);
    }
    assertEquals(Duration.ofMinutes(15), longest);
    clock.now = clock.now.plus(Duration.ofMinutes(15)).plusMillis(1);
    assertEquals(Duration.ZERO, throttle.begin("a@x", "1.1.1.1"));
  }

  @Test
  void aSustainedAttackFromManyAddressesNeverKeepsTheOwnerOut() {
    throttle.begin("victim@x", "192.0.2.1");
    throttle.succeeded("victim@x", "192.0.2.1");
    for (int minute = 0; minute < 120; minute++) {
      for (int i = 0; i < 50; i++) {
        throttle.begin("victim@x", "10.0." + minute % 200 + "." + i);
      }
      assertEquals(
          Duration.ZERO,
          throttle.begin("victim@x", "192.0.2.1"),
          "owner's known address, minute " + minute);
      throttle.succeeded("victim@x", "192.0.2.1");
      Duration newDevice = throttle.begin("victim@x", "198.51.100." + minute);
      assertTrue(
          newDevice.compareTo(Duration.ofSeconds(30)) <= 0, "a new address waits " + newDevice);
      clock.now = clock.now.plusSeconds(60);
    }
  }

  @Test
  void aBurstOfParallelGuessesIsCountedBeforeAnyPasswordIsChecked() {
    long admitted = 0;
    for (int i = 0; i < 50; i++) {
      if (throttle.begin("a@x", "1.1.1.1").isZero()) {
        admitted++;
      }
    }
    assertEquals(6, admitted, "nothing beyond the free failures gets through at once");
  }

  @Test
  void successForgivesTheAttemptAndTheAccountsFailures() {
    attemptUntilHeld("a@x", "1.1.1.1", 7);
    clock.now = clock.now.plusSeconds(2);
    assertEquals(Duration.ZERO, throttle.begin("a@x", "1.1.1.1"));
    throttle.succeeded("a@x", "1.1.1.1");
    assertEquals(Duration.ZERO, throttle.begin("a@x", "1.1.1.1"));
  }

  @Test
  void aFloodOfDistinctAddressesDoesNotResetAnAttackInProgress() {
    for (int i = 0; i < 6; i++) {
      assertTrue(throttle.begin("victim@x.test", "203.0.113.9").isZero());
    }
    assertFalse(throttle.begin("victim@x.test", "203.0.113.9").isZero(), "throttled");
    // More distinct keys than the throttle keeps: once the map was cleared when full.
    for (int i = 0; i < 150_000; i++) {
      throttle.begin(
          "u" + i + "@x.test", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
    }
    assertFalse(
        throttle.begin("victim@x.test", "203.0.113.9").isZero(),
        "the attacker is still throttled after the flood");
  }

  /** Fails {@code n} attempts from {@code address}, each for an account of its own. */
  private void sprayFrom(String address, int n) {
    for (int i = 0; i < n; i++) {
      throttle.begin("someone" + i + "@x.test", address);
    }
  }

  @Test
  void aKnownDeviceIsHeldBackOnlyByItsOwnFailuresNotByItsSharedAddressOrItsAccount() {
    sprayFrom("203.0.113.1", 30);
    for (int i = 0; i < 10; i++) {
      throttle.begin("owner@x.test", "203.0.113.1");
      throttle.begin("owner@x.test", "198.51.100." + i);
    }
    assertFalse(throttle.begin("owner@x.test", "203.0.113.1").isZero(), "no device: throttled");

    LoginThrottle.Admission onDevice = throttle.admit("owner@x.test", "203.0.113.1", "nonce-1");
    assertTrue(onDevice.admitted(), "its device cookie gets the owner in");
    assertEquals("nonce-1", onDevice.device());
    throttle.succeeded("owner@x.test", "203.0.113.1", onDevice);
    assertFalse(
        throttle.begin("other@x.test", "203.0.113.1").isZero(),
        "the device's success forgives nothing of the address");
  }

  @Test
  void aDeviceThatFailsTooOftenIsLockedAndThrottledLikeAnyOtherClient() {
    sprayFrom("203.0.113.2", 30);
    for (int i = 0; i < 5; i++) {
      assertTrue(throttle.admit("owner@x.test", "203.0.113.2", "nonce-2").admitted());
    }
    LoginThrottle.Admission locked = throttle.admit("owner@x.test", "203.0.113.2", "nonce-2");
    assertFalse(locked.admitted(), "locked, and the shared address is throttled");
    assertTrue(
        throttle.admit("owner@x.test", "192.0.2.50", "nonce-2").admitted(),
        "locked, the device is treated as a client without one: a clean address lets it try");
    assertEquals(null, throttle.admit("owner@x.test", "192.0.2.51", "nonce-2").device());
    assertTrue(
        throttle.admit("owner@x.test", "203.0.113.2", "nonce-3").admitted(),
        "another device of the account is not locked");

    clock.now = clock.now.plus(Duration.ofMinutes(15)).plusMillis(1);
    assertEquals("nonce-2", throttle.admit("owner@x.test", "203.0.113.2", "nonce-2").device());
  }

  @Test
  void aSuccessOnADeviceClearsItsFailures() {
    for (int i = 0; i < 4; i++) {
      throttle.admit("owner@x.test", "203.0.113.3", "nonce-4");
    }
    throttle.succeeded(
        "owner@x.test", "203.0.113.3", throttle.admit("owner@x.test", "203.0.113.3", "nonce-4"));
    for (int i = 0; i < 5; i++) {
      assertEquals(
          "nonce-4",
          throttle.admit("owner@x.test", "203.0.113.3", "nonce-4").device(),
          "attempt " + i + " after the success");
    }
  }
}
