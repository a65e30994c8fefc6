package com.widgetforge.auth.session;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.widgetforge.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Failed-login throttling with growing delays ({@code first-delay}, 1 s by default, then doubling):
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
 * An attempt with a valid device cookie of the account ({@link DeviceCookies}) is counted only
 * against that device: failures from the same address (a NAT or proxy many people share) or against
 * the same account do not hold it back. After {@code failures-per-device} failures within the
 * window the device is locked, and its attempts are throttled like any other client's.
 *
 * <p>Attempts refused while throttled are not counted, and failures older than {@code window} are
 * forgotten. State is in memory, per instance, in bounded Caffeine caches, never cleared all at
 * once. Failure counts live in one cache; a key that has used up its free failures (it is being
 * throttled) is also kept in a second one, which a flood of fresh keys (one failure each) does not
 * touch: to evict an attack in progress, a flood would have to be throttled on as many keys itself.
 */
@ApplicationScoped
public class LoginThrottle {

  private static final int MAX_ENTRIES = 100_000;

  /** How long a successful login keeps its address known for the account. */
  private static final Duration TRUST_FOR = Duration.ofDays(30);

  private record Failures(int count, long lastMsc) {}

  private final AuthConfig.Throttle config;
  private final Clock clock;
  private final Map<String, Failures> failures;
  private final Map<String, Failures> throttled;
  private final Map<String, Long> trusted;

  @Inject
  LoginThrottle(AuthConfig config) {
    this(config.throttle(), Clock.systemUTC());
  }

  LoginThrottle(AuthConfig.Throttle config, Clock clock) {
    this.config = config;
    this.clock = clock;
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.failures = counts(config, ticker);
    this.throttled = counts(config, ticker);
    this.trusted =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(TRUST_FOR)
            .ticker(ticker)
            .<String, Long>build()
            .asMap();
  }

  private static Map<String, Failures> counts(AuthConfig.Throttle config, Ticker ticker) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_ENTRIES)
        .expireAfterWrite(config.window())
        .ticker(ticker)
        // Evictions happen in the calling thread: the bound holds at every moment.
        .executor(Runnable::run)
        .<String, Failures>build()
        .asMap();
  }

  /**
   * The throttle's answer to one attempt: how long it must wait (zero: admitted), and the device it
   * was admitted on alone, or null.
   */
  public record Admission(Duration retryAfter, String device) {
    public boolean admitted() {
      return retryAfter.isZero();
    }
  }

  /** {@link #admit} for a client without a device cookie. */
  public Duration begin(String email, String address) {
    return admit(email, address, null).retryAfter();
  }

  /**
   * Admits an attempt or says how long it must wait. An admitted attempt is counted as a failure at
   * once (and forgiven by {@link #succeeded}), so a burst of parallel guesses cannot all slip past
   * the limit while their passwords are being checked.
   *
   * @param device the nonce of a valid device cookie of this very account, or null
   */
  public synchronized Admission admit(String email, String address, String device) {
    long now = clock.millis();
    if (device != null && failuresOf(deviceKey(device), now) < config.failuresPerDevice()) {
      count(deviceKey(device), config.failuresPerDevice() - 1, now);
      return new Admission(Duration.ZERO, device);
    }
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
      return new Admission(Duration.ofMillis(wait), null);
    }
    count(pairKey(email, address), config.freeFailuresPerAccount(), now);
    count(addressKey(address), config.freeFailuresPerAddress(), now);
    count(accountKey(email), 2 * config.freeFailuresPerAccount(), now);
    return new Admission(Duration.ZERO, null);
  }

  /** {@link #succeeded(String, String, Admission)} for an attempt without a device cookie. */
  public void succeeded(String email, String address) {
    succeeded(email, address, new Admission(Duration.ZERO, null));
  }

  /**
   * The admitted attempt was right: its failure is forgiven, the account's failures (and its
   * device's) are cleared, and this address becomes a known one for the account. Known addresses
   * are not slowed by failures coming from elsewhere, so an attacker cannot keep the owner out.
   */
  public synchronized void succeeded(String email, String address, Admission admission) {
    List<String> cleared = new ArrayList<>(List.of(pairKey(email, address), accountKey(email)));
    if (admission.device() != null) {
      cleared.add(deviceKey(admission.device()));
    }
    for (String key : cleared) {
      failures.remove(key);
      throttled.remove(key);
    }
    if (admission.device() == null) {
      // Only an attempt admitted by its address was counted against the address.
      for (Map<String, Failures> counts : List.of(failures, throttled)) {
        counts.computeIfPresent(
            addressKey(address),
            (key, f) -> f.count <= 1 ? null : new Failures(f.count - 1, f.lastMsc));
      }
    }
    trusted.put(pairKey(email, address), clock.millis());
  }

  /** One more failure of {@code key}; past its {@code free} ones, the key is kept as throttled. */
  private void count(String key, int free, long now) {
    Failures counted =
        failures.merge(
            key,
            new Failures(1, now),
            (old, one) ->
                now - old.lastMsc > config.window().toMillis()
                    ? one
                    : new Failures(old.count + 1, now));
    Failures kept = throttled.get(key);
    if (counted.count > free || kept != null) {
      // The larger count wins: the first cache may have lost the key in a flood.
      throttled.put(
          key,
          kept != null
                  && now - kept.lastMsc <= config.window().toMillis()
                  && kept.count >= counted.count
              ? new Failures(kept.count + 1, now)
              : counted);
    }
  }

  /** The failures of {@code key} within the window (the larger count of the two caches). */
  private int failuresOf(String key, long now) {
    int count = 0;
    for (Failures f : new Failures[] {throttled.get(key), failures.get(key)}) {
      if (f != null && now - f.lastMsc <= config.window().toMillis()) {
        count = Math.max(count, f.count);
      }
    }
    return count;
  }

  private long remaining(String key, int free, Duration cap, long now) {
    Failures f = throttled.get(key);
    if (f == null) {
      f = failures.get(key);
    }
    if (f == null || f.count <= free || now - f.lastMsc > config.window().toMillis()) {
      return 0;
    }
    long delay = Math.min(cap.toMillis(), config.firstDelay().toMillis());
    for (int doublings = f.count - free - 1; doublings > 0 && delay < cap.toMillis(); doublings--) {
      delay = Math.min(cap.toMillis(), 2 * delay);
    }
    return Math.max(0, f.lastMsc + delay - now);
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

  private static String deviceKey(String device) {
    return "dev|" + device;
  }

  private static String normalise(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }
}
