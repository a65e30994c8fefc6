package com.widgetforge.account.provider;

import com.widgetforge.account.AccountConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strict manners towards providers: at most one request per account per {@code request-floor} (5
 * s), retries included, and never before a {@code Retry-After} the provider asked for. Every
 * request to a provider passes {@link #await} first, and {@link #finished} when its answer (or
 * failure) is in, so the floor also separates the end of one request from the start of the next.
 * Accounts are keyed as the provider knows them ({@link ProviderAccount#gateKey()}): two rows for
 * one provider account share one budget. The gate is in memory: account-service runs as a single
 * instance.
 */
@ApplicationScoped
public class RequestGate {

  private static final long SAFETY_MARGIN_MILLIS = 100;

  private final long floorMillis;
  private final Map<String, Long> nextAllowed = new ConcurrentHashMap<>();

  RequestGate(AccountConfig config) {
    // A margin over the floor, so that scheduling jitter between booking a slot and sending the
    // request can never make two requests arrive closer together than the provider allows.
    this.floorMillis = config.polling().requestFloor().toMillis() + SAFETY_MARGIN_MILLIS;
  }

  /** Blocks until a request for {@code account} may go, and books the slot. */
  public void await(String account) throws InterruptedException {
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
  public boolean isOpen(String account) {
    Long next = nextAllowed.get(account);
    return next == null || next <= System.currentTimeMillis();
  }

  /** The request's answer is in: the next may start no sooner than a floor from now. */
  public void finished(String account) {
    nextAllowed.merge(account, System.currentTimeMillis() + floorMillis, Math::max);
  }

  /** Honours a provider's {@code Retry-After}: nothing goes for this account before then. */
  public void deferBy(String account, Duration wait) {
    long until = System.currentTimeMillis() + Math.max(wait.toMillis(), floorMillis);
    nextAllowed.merge(account, until, Math::max);
  }
}
