package com.widgetforge.kit.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Session ids revoked on {@code auth.sessions}. Every instance reads the whole topic in its own
 * consumer group, so a token of a revoked session is refused here without asking auth-service.
 */
@ApplicationScoped
public class RevokedSessions {

  private static final Logger LOG = Logger.getLogger(RevokedSessions.class);

  /**
   * The most revocations remembered at once. Each is kept as long as a token of its session can
   * live ({@code revocation-memory}); only a flood beyond this many would evict the least used.
   */
  static final int MAX_REMEMBERED = 200_000;

  private final Cache<String, Long> revokedAtMsc;
  private final ObjectMapper json;
  private final AuthSettings settings;
  private final Clock clock;

  RevokedSessions(ObjectMapper json, AuthSettings settings) {
    this.json = json;
    this.settings = settings;
    this.clock = Clock.systemUTC();
    long memoryMsc = settings.revocationMemory().toMillis();
    this.revokedAtMsc =
        Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED)
            .expireAfter(
                new Expiry<String, Long>() {
                  @Override
                  public long expireAfterCreate(String id, Long revokedAt, long now) {
                    long left = revokedAt + memoryMsc - clock.millis();
                    return TimeUnit.MILLISECONDS.toNanos(Math.max(1, left));
                  }

                  @Override
                  public long expireAfterUpdate(
                      String id, Long revokedAt, long now, long currentDuration) {
                    return expireAfterCreate(id, revokedAt, now);
                  }

                  @Override
                  public long expireAfterRead(
                      String id, Long revokedAt, long now, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  @Incoming("auth-sessions")
  void onRevoked(String event) {
    try {
      JsonNode node = json.readTree(event);
      String sessionId = node.path("sessionId").asText("");
      if (!sessionId.isEmpty()) {
        revoke(sessionId, node.path("timeMsc").asLong(clock.millis()));
      }
    } catch (Exception e) {
      LOG.warnf("ignoring an unreadable auth.sessions event: %s", e.getMessage());
    }
  }

  /** Records a revocation (also used by auth-service for its own, before the event is relayed). */
  public void revoke(String sessionId, long revokedAtMsc) {
    long forgetBefore = clock.millis() - settings.revocationMemory().toMillis();
    if (revokedAtMsc < forgetBefore) {
      return; // every token of that session expired long ago
    }
    this.revokedAtMsc.put(sessionId, revokedAtMsc);
  }

  public boolean isRevoked(String sessionId) {
    return revokedAtMsc.getIfPresent(sessionId) != null;
  }
}
