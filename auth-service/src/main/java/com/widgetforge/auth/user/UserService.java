package com.widgetforge.auth.user;

import com.widgetforge.auth.AuthConfig;
import com.widgetforge.auth.apikey.ApiKey;
import com.widgetforge.auth.event.AuthEvents;
import com.widgetforge.auth.session.SessionStore;
import com.widgetforge.kit.problem.ApiProblem;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Users and their changes; each change publishes the user on {@code auth.users}. */
@ApplicationScoped
public class UserService {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A created or reset user, with the one-time password when one was generated. */
  public record WithPassword(User user, String oneTimePassword) {}

  private final int bcryptCost;
  private final Duration oneTimeLifetime;
  private final AuthEvents events;
  private final SessionStore sessions;

  UserService(AuthConfig config, AuthEvents events, SessionStore sessions) {
    if (config.bcryptCost() < 12) {
      throw new IllegalStateException("auth.bcrypt-cost must be at least 12");
    }
    this.bcryptCost = config.bcryptCost();
    this.oneTimeLifetime = config.oneTimePasswordLifetime();
    this.events = events;
    this.sessions = sessions;
  }

  /**
   * Creates a user with a password an admin chose or, without one, a generated one. Either way it
   * is a one-time password: it expires after {@code auth.one-time-password-lifetime} and must be
   * changed at the first login.
   */
  @Transactional
  public WithPassword create(String email, String displayName, String role, String password) {
    String normalEmail = Inputs.email(email);
    String name = Inputs.displayName(displayName);
    String validRole = Inputs.role(role);
    if (User.byEmail(normalEmail).isPresent()) {
      throw ApiProblem.conflict("a user with this e-mail already exists");
    }
    String oneTime = password == null ? generatePassword() : null;
    String chosen = password == null ? oneTime : password;
    PasswordPolicy.check(chosen, normalEmail, name);
    Instant now = Instant.now();
    User user = new User();
    user.id = UUID.randomUUID();
    user.email = normalEmail;
    user.displayName = name;
    user.passwordHash = hash(chosen);
    user.role = validRole;
    user.active = true;
    // Whoever set it, it is not the user's own: it works once, for a while, to choose one.
    user.mustChangePassword = true;
    user.passwordExpiresAt = now.plus(oneTimeLifetime);
    user.createdAt = now;
    user.updatedAt = now;
    user.persist();
    events.userChanged(user, "created");
    return new WithPassword(user, oneTime);
  }

  /**
   * A page of users by display name, those whose name or e-mail contains {@code search} (any case;
   * null or blank for everyone).
   */
  @Transactional
  public List<User> page(String search, int page, int size) {
    Sort byName = Sort.by("displayName").and("email").and("id");
    return (search == null
            ? User.<User>findAll(byName)
            : User.<User>find(SEARCH, byName, like(search)))
        .page(Page.of(page, size))
        .list();
  }

  @Transactional
  public long count(String search) {
    return search == null ? User.count() : User.count(SEARCH, like(search));
  }

  private static final long LAST_ADMIN_LOCK = 0x57464c41444d494eL;

  private static final String SEARCH =
      "lower(displayName) like ?1 escape '!' or email like ?1 escape '!'";

  /** {@code search} as a LIKE pattern that matches it literally, anywhere. */
  private static String like(String search) {
    String literal =
        search
            .toLowerCase(java.util.Locale.ROOT)
            .replace("!", "!!")
            .replace("%", "!%")
            .replace("_", "!_");
    return "%" + literal + "%";
  }

  @Transactional
  public User get(UUID id) {
    User user = User.findById(id);
    if (user == null) {
      throw ApiProblem.notFound("no such user");
    }
    return user;
  }

  @Transactional
  public User rename(UUID id, String displayName) {
    User user = get(id);
    user.displayName = Inputs.displayName(displayName);
    touched(user, "renamed");
    return user;
  }

  /** Ends every open session of the user; returns how many. */
  @Transactional
  public int endSessions(UUID id) {
    return sessions.revokeAllOf(get(id).id, "admin-revoked", null);
  }

  /** A role change ends the user's sessions: their tokens carry the old role. */
  @Transactional
  public User changeRole(UUID id, String role, UUID actingAdmin) {
    User user = get(id);
    String validRole = Inputs.role(role);
    if (user.role.equals(validRole)) {
      return user;
    }
    if (user.id.equals(actingAdmin)) {
      throw ApiProblem.badRequest("admins cannot change their own role");
    }
    boolean wasAdmin = "admin".equals(user.role);
    if (wasAdmin) {
      refuseIfLastAdmin(user, "demoted");
    }
    user.role = validRole;
    touched(user, "role-changed");
    sessions.revokeAllOf(user.id, "role-changed", null);
    if (wasAdmin) {
      revokeApiKeysOf(user.id, "role-changed");
    }
    return user;
  }

  /**
   * Someone must always be able to manage users: an API key with the admin scope acts for no user,
   * so "not yourself" alone does not keep the last active admin.
   */
  private static void refuseIfLastAdmin(User admin, String change) {
    // One such change at a time (transaction-scoped lock): two admins demoting each other at
    // once would otherwise both count two admins and both commit.
    User.getEntityManager()
        .createNativeQuery("select pg_advisory_xact_lock(" + LAST_ADMIN_LOCK + ")")
        .getSingleResult();
    if (admin.active && User.count("role = 'admin' and active = true") <= 1) {
      throw ApiProblem.conflict("the last active admin cannot be " + change);
    }
  }

  /** Disabling ends every session of the user at once. */
  @Transactional
  public User setActive(UUID id, boolean active, UUID actingAdmin) {
    User user = get(id);
    if (user.active == active) {
      return user;
    }
    if (!active && user.id.equals(actingAdmin)) {
      throw ApiProblem.badRequest("admins cannot disable themselves");
    }
    if (!active && "admin".equals(user.role)) {
      refuseIfLastAdmin(user, "disabled");
    }
    user.active = active;
    touched(user, active ? "enabled" : "disabled");
    if (!active) {
      sessions.revokeAllOf(user.id, "user-disabled", null);
      revokeApiKeysOf(user.id, "user-disabled");
    }
    return user;
  }

  /**
   * Sets a password chosen by an admin, or generates one; either is a one-time password (see {@link
   * #create}). Ends the user's sessions.
   */
  @Transactional
  public WithPassword resetPassword(UUID id, String password) {
    User user = get(id);
    String oneTime = password == null ? generatePassword() : null;
    String chosen = password == null ? oneTime : password;
    PasswordPolicy.check(chosen, user.email, user.displayName);
    user.passwordHash = hash(chosen);
    user.mustChangePassword = true;
    user.updatedAt = Instant.now();
    user.passwordExpiresAt = user.updatedAt.plus(oneTimeLifetime);
    sessions.revokeAllOf(user.id, "password-changed", null);
    return new WithPassword(user, oneTime);
  }

  /** The caller's own change: other sessions end, the current one stays. */
  @Transactional
  public void changeOwnPassword(UUID id, String newPassword, String currentSessionId) {
    User user = get(id);
    PasswordPolicy.check(newPassword, user.email, user.displayName);
    if (BcryptUtil.matches(newPassword, user.passwordHash)) {
      throw ApiProblem.badRequest("the new password must differ from the current one");
    }
    user.passwordHash = hash(newPassword);
    user.mustChangePassword = false;
    user.passwordExpiresAt = null;
    user.updatedAt = Instant.now();
    sessions.revokeAllOf(user.id, "password-changed", currentSessionId);
  }

  @Transactional
  public void recordLogin(UUID id) {
    User user = User.findById(id);
    if (user != null) {
      user.lastLoginAt = Instant.now();
    }
  }

  /** Keys an admin created stop working when the admin is disabled or demoted. */
  private void revokeApiKeysOf(UUID admin, String reason) {
    for (ApiKey key : ApiKey.<ApiKey>list("createdBy = ?1 and revokedAt is null", admin)) {
      key.revokedAt = Instant.now();
      events.sessionRevoked(key.sessionId(), admin, reason);
    }
  }

  private void touched(User user, String change) {
    user.updatedAt = Instant.now();
    events.userChanged(user, change);
  }

  private String hash(String password) {
    return BcryptUtil.bcryptHash(password, bcryptCost);
  }

  /** 20 characters from 120 random bits. */
  public static String generatePassword() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
