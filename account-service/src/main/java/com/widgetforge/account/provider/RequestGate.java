package com.widgetforge.account.provider;

import com.widgetforge.account.AccountConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strict manners towards providers: at most one request per account per {@code request-floor} (5
 * s), retries included, and never before a {@code Retry-After} the provider asked for. Every
 * request to a provider passes {@link #await} first.
 */
@ApplicationScoped
public class RequestGate {

  private static final long SAFETY_MARGIN_MILLIS = 100;

  private final long floorMillis;
  private final Map<UUID, Long> nextAllowed = new ConcurrentHashMap<>();

  RequestGate(AccountConfig config) {
    // A margin over the floor, so that scheduling jitter between booking a slot and sending the
    // request can never make two requests arrive closer together than the provider allows.
    this.floorMillis = config.polling().requestFloor().toMillis() + SAFETY_MARGIN_MILLIS;
  }

  /** Blocks until a request for {@code account} may go, and books the slot. */
  public void await(UUID account) throws InterruptedException {
    while (true) {
      long now = System.currentTimeMillis();
      long[] wait = {0};
      nextAllowed.compute(
          account,
          (id, next) -> {
            if (next == null || next <= now) {
              return now + floorMillis;
            }
            wait[0] = next - now;
            return next;
          });
      if (wait[0] == 0) {
        return;
      }
      Thread.sleep(wait[0]);
    }
  }

  /** Whether a request for {@code account} could go now without waiting. */
  public boolean isOpen(UUID account) {
    Long next = nextAllowed.get(account);
    return next == null || next <= System.currentTimeMillis();
  }

  /** Honours a provider's {@code Retry-After}: nothing goes for this account before then. */
  public void deferBy(UUID account, Duration wait) {
    long until = System.currentTimeMillis() + Math.max(wait.toMillis(), floorMillis);
    nextAllowed.merge(account, until, Math::max);
  }
}
