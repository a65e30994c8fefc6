package com.widgetforge.auth.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.auth.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes {@code auth.users} and {@code auth.sessions} events (schemas UserChanged, SessionRevoked
 * in deploy/asyncapi.yaml) to the outbox, inside the caller's transaction.
 */
@ApplicationScoped
public class AuthEvents {

  public static final String USERS_TOPIC = "auth.users";
  public static final String SESSIONS_TOPIC = "auth.sessions";

  private final ObjectMapper json;
  private final Clock clock = Clock.systemUTC();

  AuthEvents(ObjectMapper json) {
    this.json = json;
  }

  /** {@code change}: created, renamed, role-changed, disabled or enabled. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void userChanged(User user, String change) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("v", 1);
    event.put("userId", user.id.toString());
    event.put("displayName", user.displayName);
    event.put("role", user.role);
    event.put("active", user.active);
    event.put("change", change);
    event.put("timeMsc", clock.millis());
    write(USERS_TOPIC, user.id.toString(), event);
  }

  /**
   * {@code reason}: logout, password-changed, role-changed, user-disabled, admin-revoked, expired.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void sessionRevoked(String sessionId, UUID userId, String reason) {
    sessionRevoked(sessionId, userId.toString(), reason);
  }

  /**
   * The same for a session whose owner is not a user: a provisioned API key's ({@code userId} is
   * then {@code apikey:<id>}), revoked with reason {@code config-changed} when its configuration
   * entry changes or goes.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void sessionRevoked(String sessionId, String userId, String reason) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("v", 1);
    event.put("sessionId", sessionId);
    event.put("userId", userId);
    event.put("reason", reason);
    event.put("timeMsc", clock.millis());
    write(SESSIONS_TOPIC, sessionId, event);
  }

  private void write(String topic, String key, Map<String, Object> event) {
    OutboxRecord record = new OutboxRecord();
    record.topic = topic;
    record.key = key;
    try {
      record.payload = json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event not serialisable", e);
    }
    record.persist();
  }
}
