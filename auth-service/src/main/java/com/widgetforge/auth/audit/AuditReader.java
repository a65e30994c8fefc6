package com.widgetforge.auth.audit;

import com.widgetforge.auth.apikey.ApiKey;
import com.widgetforge.auth.audit.AuditResource.AuditPage;
import com.widgetforge.auth.audit.AuditView.Actor;
import com.widgetforge.auth.user.User;
import com.widgetforge.kit.audit.AuditRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Pages of audit records with their actors named: people see names, not only ids. */
@ApplicationScoped
public class AuditReader {

  private static final String KEY_PREFIX = "apikey:";

  private final AuditStore store;

  AuditReader(AuditStore store) {
    this.store = store;
  }

  @Transactional
  public AuditPage page(AuditQuery query) {
    List<AuditEntry> found = store.page(query);
    boolean more = found.size() > query.limit();
    List<AuditEntry> page = more ? found.subList(0, query.limit()) : found;
    Map<String, Actor> actors = actors(page.stream().map(e -> e.actor).collect(Collectors.toSet()));
    List<AuditView> views =
        page.stream().map(entry -> AuditView.of(entry, actors.get(entry.actor))).toList();
    String next = more ? AuditQuery.Cursor.after(page.get(page.size() - 1)).toString() : null;
    return new AuditPage(views, next);
  }

  /** Each actor id, named from the user and API-key tables where it is one of theirs. */
  private static Map<String, Actor> actors(Set<String> ids) {
    Map<UUID, String> userIds = new HashMap<>();
    Map<UUID, String> keyIds = new HashMap<>();
    for (String id : ids) {
      if (id.startsWith(KEY_PREFIX)) {
        uuid(id.substring(KEY_PREFIX.length())).ifPresent(key -> keyIds.put(key, id));
      } else {
        uuid(id).ifPresent(user -> userIds.put(user, id));
      }
    }
    Map<String, Actor> actors = new HashMap<>();
    for (String id : ids) {
      String kind =
          id.equals(AuditRecord.ANONYMOUS)
              ? "anonymous"
              : keyIds.containsValue(id) ? "api-key" : userIds.containsValue(id) ? "user" : "other";
      actors.put(id, new Actor(id, kind, null, null));
    }
    if (!userIds.isEmpty()) {
      User.<User>list("id in ?1", userIds.keySet())
          .forEach(
              user ->
                  actors.put(
                      userIds.get(user.id),
                      new Actor(userIds.get(user.id), "user", user.displayName, user.email)));
    }
    if (!keyIds.isEmpty()) {
      ApiKey.<ApiKey>list("id in ?1", keyIds.keySet())
          .forEach(
              key ->
                  actors.put(
                      keyIds.get(key.id),
                      new Actor(keyIds.get(key.id), "api-key", key.name, null)));
    }
    return actors;
  }

  private static Optional<UUID> uuid(String text) {
    try {
      // UUID.fromString accepts short forms such as 1-2-3-4-5: insist on the canonical one.
      UUID uuid = UUID.fromString(text);
      return uuid.toString().equalsIgnoreCase(text) ? Optional.of(uuid) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
