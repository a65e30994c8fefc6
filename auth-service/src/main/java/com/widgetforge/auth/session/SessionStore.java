package com.widgetforge.auth.session;

import com.widgetforge.auth.AuthConfig;
import com.widgetforge.auth.apikey.ApiKey;
import com.widgetforge.auth.event.AuthEvents;
import com.widgetforge.auth.user.User;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Server-side sessions: opened at login, slid while used, revoked with an event. */
@ApplicationScoped
public class SessionStore {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AuthConfig.Sessions config;
  private final AuthEvents events;

  SessionStore(AuthConfig config, AuthEvents events) {
    this.config = config.sessions();
    this.events = events;
  }

  /** A fresh session, with a new 256-bit random id. */
  @Transactional
  public Session open(UUID userId, String userAgent, String clientAddress) {
    Instant now = Instant.now();
    Session session = new Session();
    session.id = newId();
    session.userId = userId;
    session.createdAt = now;
    session.lastSeenAt = now;
    session.idleExpiresAt = now.plus(config.idleTimeout());
    session.absoluteExpiresAt = now.plus(config.absoluteTimeout());
    session.userAgent = truncate(userAgent, 256);
    session.clientAddress = truncate(clientAddress, 64);
    session.persist();
    return session;
  }

  /** Whether a token naming this session (or API key) may still be honoured. */
  @Transactional
  public boolean isLive(String sessionId) {
    if (sessionId == null) {
      return false;
    }
    Instant now = Instant.now();
    if (ApiKey.isKeySession(sessionId)) {
      return ApiKey.bySession(sessionId).filter(key -> key.isLive(now)).isPresent();
    }
    Session session = Session.findById(sessionId);
    if (session == null || !session.isLive(now)) {
      return false;
    }
    User user = User.findById(session.userId);
    return user != null && user.active;
  }

  /** Slides a live session's idle expiry; empty when it has ended. */
  @Transactional
  public Optional<Session> touch(String sessionId) {
    Instant now = Instant.now();
    Session session = sessionId == null ? null : Session.findById(sessionId);
    if (session == null || !session.isLive(now)) {
      return Optional.empty();
    }
    User user = User.findById(session.userId);
    if (user == null || !user.active) {
      return Optional.empty();
    }
    session.lastSeenAt = now;
    Instant idle = now.plus(config.idleTimeout());
    session.idleExpiresAt =
        idle.isAfter(session.absoluteExpiresAt) ? session.absoluteExpiresAt : idle;
    return Optional.of(session);
  }

  /** Revokes one session and announces it on {@code auth.sessions}. */
  @Transactional
  public boolean revoke(String sessionId, String reason) {
    Session session = sessionId == null ? null : Session.findById(sessionId);
    if (session == null || session.revokedAt != null) {
      return false;
    }
    markRevoked(session, reason);
    return true;
  }

  /** Revokes every open session of a user except {@code keep} (may be null). */
  @Transactional(Transactional.TxType.MANDATORY)
  public int revokeAllOf(UUID userId, String reason, String keep) {
    List<Session> open = Session.list("userId = ?1 and revokedAt is null", userId);
    int revoked = 0;
    for (Session session : open) {
      if (!session.id.equals(keep)) {
        markRevoked(session, reason);
        revoked++;
      }
    }
    return revoked;
  }

  /** The user's sessions that are still open, newest first. */
  @Transactional
  public List<Session> openSessions(UUID userId) {
    Instant now = Instant.now();
    return Session.<Session>list(
            "userId = ?1 and revokedAt is null order by createdAt desc", userId)
        .stream()
        .filter(s -> s.isLive(now))
        .toList();
  }

  /** Sessions ended more than a week ago are of no further use: delete them. */
  @Scheduled(every = "1h", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  @Transactional
  void purgeEnded() {
    Instant cutoff = Instant.now().minus(java.time.Duration.ofDays(7));
    Session.delete(
        "(revokedAt is not null and revokedAt < ?1) or absoluteExpiresAt < ?1 or idleExpiresAt < ?1",
        cutoff);
  }

  private void markRevoked(Session session, String reason) {
    session.revokedAt = Instant.now();
    session.revokedReason = reason;
    events.sessionRevoked(session.id, session.userId, reason);
  }

  private static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
