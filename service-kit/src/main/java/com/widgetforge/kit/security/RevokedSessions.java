package com.widgetforge.kit.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Session ids revoked on {@code auth.sessions}. Every instance reads the whole topic in its own
 * consumer group, so a token of a revoked session is refused here without asking auth-service.
 */
@ApplicationScoped
public class RevokedSessions {

  private static final Logger LOG = Logger.getLogger(RevokedSessions.class);

  private final Map<String, Long> revokedAtMsc = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong inserts =
      new java.util.concurrent.atomic.AtomicLong();
  private final ObjectMapper json;
  private final AuthSettings settings;
  private final Clock clock;

  RevokedSessions(ObjectMapper json, AuthSettings settings) {
    this.json = json;
    this.settings = settings;
    this.clock = Clock.systemUTC();
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
    if (inserts.incrementAndGet() % 1_000 == 0) {
      this.revokedAtMsc.values().removeIf(at -> at < forgetBefore);
    }
  }

  public boolean isRevoked(String sessionId) {
    return revokedAtMsc.containsKey(sessionId);
  }
}
