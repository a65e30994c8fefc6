package com.widgetforge.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One route's per-client limits: a token bucket of requests (Bucket4j) and a count of open
 * WebSockets. Buckets live in a bounded Caffeine cache and expire once full again, so a flood of
 * new addresses costs memory only up to the bound and never resets the buckets in use.
 */
final class EdgeLimits {

  /** Clients remembered per route; the least recently seen are dropped past this. */
  static final long MAX_CLIENTS = 100_000;

  private final GatewayConfig.Limits limits;
  private final Cache<String, Bucket> buckets;
  private final ConcurrentHashMap<String, Integer> sockets = new ConcurrentHashMap<>();

  EdgeLimits(GatewayConfig.Limits limits) {
    this.limits = limits;
    // A bucket left alone for a whole period is full again: forgetting it changes nothing.
    Duration idle =
        limits.period().compareTo(Duration.ofSeconds(1)) < 0
            ? Duration.ofSeconds(1)
            : limits.period();
    this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(idle).build();
  }

  /**
   * Takes one request from the client's allowance.
   *
   * @return 0 when the request may pass, else the whole seconds to wait before the next one will
   */
  long takeRequest(String client) {
    if (limits.requests() <= 0) {
      return 0;
    }
    ConsumptionProbe probe = buckets.get(client, this::newBucket).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return 0;
    }
    return Math.max(
        1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
  }

  private Bucket newBucket(String client) {
    long burst = limits.burst() > 0 ? limits.burst() : limits.requests();
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(burst).refillGreedy(limits.requests(), limits.period()))
        .build();
  }

  /** Counts one more open WebSocket for the client, unless it holds the most allowed already. */
  boolean openSocket(String client) {
    if (limits.sockets() <= 0) {
      return true;
    }
    boolean[] opened = {false};
    sockets.compute(
        client,
        (key, open) -> {
          int count = open == null ? 0 : open;
          if (count >= limits.sockets()) {
            return open;
          }
          opened[0] = true;
          return count + 1;
        });
    return opened[0];
  }

  /** Counts one of the client's WebSockets as closed. */
  void closeSocket(String client) {
    if (limits.sockets() > 0) {
      sockets.computeIfPresent(client, (key, open) -> open <= 1 ? null : open - 1);
    }
  }

  GatewayConfig.Limits limits() {
    return limits;
  }
}
