package com.widgetforge.account.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps owners' display names and active flags from {@code auth.users} (a compacted topic, read
 * from the start). Idempotent: replaying an event leaves the same row. A disabled owner's accounts
 * stop polling.
 */
@ApplicationScoped
public class OwnerDirectory {

  private static final Logger LOG = Logger.getLogger(OwnerDirectory.class);

  private final ObjectMapper json;

  OwnerDirectory(ObjectMapper json) {
    this.json = json;
  }

  @Incoming("auth-users")
  @Blocking
  @Transactional
  void onUser(String payload) {
    try {
      JsonNode user = json.readTree(payload);
      UUID id = UUID.fromString(user.get("userId").asText());
      AccountOwner owner = AccountOwner.findById(id);
      if (owner == null) {
        owner = new AccountOwner();
        owner.userId = id;
        owner.displayName = user.get("displayName").asText();
        owner.active = user.get("active").asBoolean();
        owner.updatedAt = Instant.now();
        owner.persist();
      } else {
        owner.displayName = user.get("displayName").asText();
        owner.active = user.get("active").asBoolean();
        owner.updatedAt = Instant.now();
      }
    } catch (Exception e) {
      LOG.warnf(
          "skipping an auth.users event that is not a user (%s)", e.getClass().getSimpleName());
    }
  }

  /** Whether the owner may have accounts polled: unknown owners (no event yet) count as active. */
  @Transactional
  public boolean isActive(UUID userId) {
    AccountOwner owner = AccountOwner.findById(userId);
    return owner == null || owner.active;
  }

  @Transactional
  public String displayName(UUID userId) {
    AccountOwner owner = AccountOwner.findById(userId);
    return owner == null ? null : owner.displayName;
  }
}
