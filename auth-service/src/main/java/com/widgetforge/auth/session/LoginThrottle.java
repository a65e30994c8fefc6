package com.widgetforge.auth.session;

import com.widgetforge.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed-login throttling with growing delays (1 s, 2 s, 4 s, ...):
 *
 * <ul>
 *   <li>per (account, client address): after {@code free-failures-per-account} failures, up to
 *       {@code max-lockout} (15 min);
 *   <li>per client address, any account: after {@code free-failures-per-address}, up to {@code
 *       max-lockout};
 *   <li>per account, any address: after twice the per-account allowance, but never more than {@code
 *       max-account-delay} (30 s), so an attacker cannot lock the owner out.
 * </ul>
 *
 * Attempts refused while throttled are not counted, and failures older than {@code window} are
 * forgotten. State is in memory: auth-service runs as a single instance.
 */
@ApplicationScoped
public class LoginThrottle {

  private static final int MAX_ENTRIES = 100_000;

  private record Failures(int count, long lastMsc) {}

  private final AuthConfig.Throttle config;
  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Map<String, Long> trusted = new ConcurrentHashMap<>();

  @Inject
  LoginThrottle(AuthConfig config) {
    this(config.throttle(), Clock.systemUTC());
  }

  LoginThrottle(AuthConfig.Throttle config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /**
   * Admits an attempt or says how long it must wait. An admitted attempt is counted as a failure at
   * once (and forgiven by {@link #succeeded}), so a burst of parallel guesses cannot all slip past
   * the limit while their passwords are being checked.
   */
  public synchronized Duration begin(String email, String address) {
    long now = clock.millis();
    long wait =
        Math.max(
            remaining(
                pairKey(email, address), config.freeFailuresPerAccount(), config.maxLockout(), now),
            remaining(
                addressKey(address), config.freeFailuresPerAddress(), config.maxLockout(), now));
    if (!trusted.containsKey(pairKey(email, address))) {
      wait =
          Math.max(
              wait,
              remaining(
                  accountKey(email),
                  2 * config.freeFailuresPerAccount(),
                  config.maxAccountDelay(),
                  now));
    }
    if (wait > 0) {
      return Duration.ofMillis(wait);
    }
    if (failures.size() > MAX_ENTRIES) {
      forgetOld(now);
    }
    for (String key :
        new String[] {pairKey(email, address), addressKey(address), accountKey(email)}) {
      failures.merge(
          key,
          new Failures(1, now),
          (old, one) ->
              now - old.lastMsc > config.window().toMillis()
                  ? one
                  : new Failures(old.count + 1, now));
    }
    return Duration.ZERO;
  }

  /**
   * The admitted attempt was right: its failure is forgiven, the account's failures are cleared,
   * and this address becomes a known one for the account. Known addresses are not slowed by
   * failures coming from elsewhere, so an attacker cannot keep the owner out.
   */
  public synchronized void succeeded(String email, String address) {
    failures.remove(pairKey(email, address));
    failures.remove(accountKey(email));
    failures.computeIfPresent(
        addressKey(address),
        (key, f) -> f.count <= 1 ? null : new Failures(f.count - 1, f.lastMsc));
    if (trusted.size() > MAX_ENTRIES) {
      trusted.clear();
    }
    trusted.put(pairKey(email, address), clock.millis());
  }

  private long remaining(String key, int free, Duration cap, long now) {
    Failures f = failures.get(key);
    if (f == null || f.count <= free || now - f.lastMsc > config.window().toMillis()) {
      return 0;
    }
    int doublings = Math.min(f.count - free - 1, 30);
    long delay = Math.min(cap.toMillis(), 1000L << doublings);
    return Math.max(0, f.lastMsc + delay - now);
  }

  private void forgetOld(long now) {
    failures.values().removeIf(f -> now - f.lastMsc > config.window().toMillis());
    if (failures.size() > MAX_ENTRIES) {
      // Under a flood of distinct keys, fail open rather than run out of memory.
      failures.clear();
    }
  }

  private static String pairKey(String email, String address) {
    return "pair|" + normalise(email) + "|" + address;
  }

  private static String addressKey(String address) {
    return "addr|" + address;
  }

  private static String accountKey(String email) {
    return "acct|" + normalise(email);
  }

  private static String normalise(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }
}
