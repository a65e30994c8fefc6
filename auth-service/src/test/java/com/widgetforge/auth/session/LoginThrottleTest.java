package com.widgetforge.auth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        public Duration maxLockout() {
          return Duration.ofMinutes(15);
        }

        public Duration maxAccountDelay() {
          return Duration.ofSeconds(30);
        }

        public Duration window() {
          return Duration.ofMinutes(15);
        }
      };

  private final HandClock clock = new HandClock();
  private final LoginThrottle throttle = new LoginThrottle(CONFIG, clock);

  private void fail(String email, String address, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(email, address);
    }
  }

  @Test
  void delaysGrowOnlyAfterTheFreeFailures() {
    fail("a@x", "1.1.1.1", 5);
    assertEquals(Duration.ZERO, throttle.waitBefore("a@x", "1.1.1.1"));
    fail("a@x", "1.1.1.1", 1);
    assertEquals(Duration.ofSeconds(1), throttle.waitBefore("a@x", "1.1.1.1"));
    fail("a@x", "1.1.1.1", 2);
    assertEquals(
        Duration.ofSeconds(4),
        throttle.waitBefore("A@X ", "1.1.1.1"),
        "e-mail case and spaces ignored");
  }

  @Test
  void lockoutOfAnAddressIsBoundedAndForgottenAfterTheWindow() {
    fail("a@x", "1.1.1.1", 200);
    assertEquals(Duration.ofMinutes(15), throttle.waitBefore("a@x", "1.1.1.1"));
    clock.now = clock.now.plus(Duration.ofMinutes(15)).plusMillis(1);
    assertEquals(Duration.ZERO, throttle.waitBefore("a@x", "1.1.1.1"));
  }

  @Test
  void attackersSpreadOverManyAddressesDelayTheOwnerAtMostThirtySeconds() {
    for (int i = 0; i < 500; i++) {
      throttle.failed("victim@x", "10.0." + (i / 250) + "." + (i % 250));
    }
    Duration ownerWait = throttle.waitBefore("victim@x", "192.0.2.1");
    assertTrue(ownerWait.compareTo(Duration.ofSeconds(30)) <= 0, "owner waits " + ownerWait);
    assertTrue(ownerWait.compareTo(Duration.ZERO) > 0, "but the attack is slowed");
  }

  @Test
  void successClearsTheAccountsFailures() {
    fail("a@x", "1.1.1.1", 7);
    throttle.succeeded("a@x", "1.1.1.1");
    assertEquals(Duration.ZERO, throttle.waitBefore("a@x", "1.1.1.1"));
  }
}
