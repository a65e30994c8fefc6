package com.widgetforge.auth.apikey;

import com.widgetforge.auth.AuthConfig;
import com.widgetforge.auth.event.AuthEvents;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Service keys from configuration ({@code auth.service-keys."<name>".secret} and {@code .scope}):
 * at every start auth-service keeps one live {@code api_key} row per entry, named {@code <name>
 * (provisioned)}, holding the secret's hash. A new secret replaces the entry's key (the old secret
 * and its tokens stop working); an entry removed from the configuration has its key revoked. A
 * revoked secret is never revived: a key an admin revoked stays revoked while its entry keeps that
 * secret, until the secret changes. A secret or scope that is not acceptable stops the start with a
 * message naming the entry, never the secret.
 */
@ApplicationScoped
public class ServiceKeyProvisioning {

  /** What is appended to an entry's name to name its key. */
  public static final String NAME_SUFFIX = " (provisioned)";

  /** Random base64url characters after {@code wf_}, as many as an admin-made key (43) or fewer. */
  private static final Pattern SECRET_FORMAT = Pattern.compile("wf_[A-Za-z0-9_-]{32,97}");

  /** A random secret of 32 or more characters has far more distinct ones than this. */
  private static final int MIN_DISTINCT_CHARACTERS = 16;

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final int MAX_NAME = 60;

  /** Serialises provisioning between auth-service instances that start together. */
  private static final long LOCK = 0x7766_5f6b_6579_73L;

  private static final String GENERATE =
      "echo wf_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d =)";

  private static final Logger LOG = Logger.getLogger(ServiceKeyProvisioning.class);

  private final AuthEvents events;

  ServiceKeyProvisioning(AuthEvents events) {
    this.events = events;
  }

  void onStart(@Observes @Priority(20) StartupEvent started, AuthConfig config) {
    provision(config.serviceKeys());
  }

  /**
   * An entry's name as auth-service uses it: lower case, with dashes for dots and underscores, so
   * that {@code AUTH_SERVICE_KEYS__WIDGET_SERVICE__SECRET} (read as {@code widget.service}) and
   * {@code auth.service-keys."widget-service".secret} name the same key.
   */
  public static String canonicalName(String entry) {
    return entry.strip().toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
  }

  /**
   * What is wrong with the configured keys, one message per problem, each naming the entry and
   * never the secret; empty when all are acceptable.
   */
  public static List<String> problems(Map<String, ? extends AuthConfig.ServiceKey> configured) {
    List<String> problems = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    Map<String, String> secrets = new HashMap<>();
    for (Map.Entry<String, ? extends AuthConfig.ServiceKey> entry :
        new TreeMap<String, AuthConfig.ServiceKey>(configured).entrySet()) {
      String property = "auth.service-keys.\"" + entry.getKey() + "\"";
      String name = canonicalName(entry.getKey());
      if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
        problems.add(
            property
                + ": the name must be letters, digits and dashes (at most "
                + MAX_NAME
                + "), e.g. widget-service");
        continue;
      }
      String other = names.putIfAbsent(name, entry.getKey());
      if (other != null) {
        problems.add(property + ": names the same key as auth.service-keys.\"" + other + "\"");
      }
      String secret = entry.getValue().secret() == null ? "" : entry.getValue().secret().strip();
      if (!SECRET_FORMAT.matcher(secret).matches()) {
        problems.add(
            property
                + ".secret is not a WidgetForge key: it must be wf_ followed by 32 to 97 base64url"
                + " characters (A-Z a-z 0-9 - _); generate one with "
                + GENERATE);
      } else if (secret.substring(ApiKeys.SECRET_PREFIX.length()).chars().distinct().count()
          < MIN_DISTINCT_CHARACTERS) {
        problems.add(property + ".secret does not look random; generate one with " + GENERATE);
      } else {
        String same = secrets.putIfAbsent(secret, entry.getKey());
        if (same != null) {
          problems.add(
              property + ".secret is the same as auth.service-keys.\"" + same + "\".secret");
        }
      }
      String scope = entry.getValue().scope();
      if (scope == null || !ApiKeys.SCOPES.contains(scope.strip())) {
        problems.add(property + ".scope must be one of " + new TreeSet<>(ApiKeys.SCOPES));
      }
    }
    return problems;
  }

  /**
   * Makes the provisioned keys match {@code configured}: creates, replaces and revokes rows.
   *
   * @throws IllegalStateException when an entry is not acceptable (see {@link #problems}), a secret
   *     belongs to another key, or an entry's scope changed but not its secret
   */
  @Transactional
  public void provision(Map<String, ? extends AuthConfig.ServiceKey> configured) {
    List<String> problems = problems(configured);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "auth-service will not start: " + String.join("; ", problems));
    }
    ApiKey.getEntityManager()
        .createNativeQuery("select pg_advisory_xact_lock(" + LOCK + ")")
        .getSingleResult();
    Map<String, AuthConfig.ServiceKey> wanted = new TreeMap<>();
    configured.forEach((entry, key) -> wanted.put(canonicalName(entry), key));
    for (Map.Entry<String, AuthConfig.ServiceKey> entry : wanted.entrySet()) {
      provisionOne(
          entry.getKey(), entry.getValue().secret().strip(), entry.getValue().scope().strip());
    }
    for (ApiKey key :
        ApiKey.<ApiKey>list("provisionedAs is not null and revokedAt is null order by createdAt")) {
      if (!wanted.containsKey(key.provisionedAs)) {
        revoke(key);
        LOG.infof(
            "provisioned key %s revoked: auth.service-keys has no such entry any more",
            key.provisionedAs);
      }
    }
  }

  private void provisionOne(String name, String secret, String scope) {
    String hash = ApiKeys.hash(secret);
    String property = "auth.service-keys.\"" + name + "\"";
    ApiKey same = ApiKey.<ApiKey>find("secretHash", hash).firstResult();
    ApiKey live =
        ApiKey.<ApiKey>find("provisionedAs = ?1 and revokedAt is null", name).firstResult();
    if (same != null) {
      if (!name.equals(same.provisionedAs)) {
        throw new IllegalStateException(
            "auth-service will not start: "
                + property
                + ".secret is already the secret of another API key; generate a new one with "
                + GENERATE);
      }
      if (same.revokedAt != null) {
        if (live != null) {
          // The entry went back to an older secret: the newer key is not configured any more.
          revoke(live);
        }
        LOG.warnf(
            "provisioned key %s stays revoked (an admin revoked it, or its entry was removed): a"
                + " revoked secret is never accepted again; give %s.secret a new value to"
                + " provision it again",
            name, property);
        return;
      }
      if (!same.scope.equals(scope)) {
        throw new IllegalStateException(
            "auth-service will not start: "
                + property
                + ".scope changed from "
                + same.scope
                + " to "
                + scope
                + ": give the key a new secret as well (a secret keeps the scope it was issued"
                + " with)");
      }
      return;
    }
    if (live != null) {
      revoke(live);
      // The revocation must reach the database before the new row (one live row per entry):
      // Hibernate would otherwise insert before it updates.
      ApiKey.flush();
    }
    ApiKey key = new ApiKey();
    key.id = UUID.randomUUID();
    key.name = name + NAME_SUFFIX;
    key.scope = scope;
    key.secretHash = hash;
    key.provisionedAs = name;
    key.createdAt = Instant.now();
    key.persist();
    LOG.infof(
        "provisioned key %s (%s) %s",
        name, scope, live == null ? "created" : "replaced: new secret");
  }

  private void revoke(ApiKey key) {
    key.revokedAt = Instant.now();
    events.sessionRevoked(key.sessionId(), key.owner(), "config-changed");
  }
}
