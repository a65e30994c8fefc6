package com.widgetforge.auth.session;

import com.widgetforge.auth.AuthConfig;
import com.widgetforge.auth.token.TokenIssuer;
import com.widgetforge.auth.token.TokenIssuer.SignedToken;
import com.widgetforge.auth.user.User;
import com.widgetforge.auth.user.UserService;
import com.widgetforge.kit.audit.AuditLog;
import com.widgetforge.kit.audit.AuditRecord;
import com.widgetforge.kit.audit.AuditRecord.Outcome;
import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Login, refresh and logout. Passwords are checked by Elytron's JDBC realm; an unknown or disabled
 * e-mail costs the same bcrypt work and gets the same answer as a wrong password.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class Logins {

  private static final Logger LOG = Logger.getLogger(Logins.class);
  static final String WRONG_CREDENTIALS = "wrong e-mail or password";
  private static final int MAX_EMAIL_LENGTH = 254;

  /** A successful login or refresh: the user, the session and its signed token. */
  public record Granted(User user, Session session, SignedToken token) {}

  private final IdentityProviderManager identities;
  private final LoginThrottle throttle;
  private final SessionStore sessions;
  private final TokenIssuer tokens;
  private final UserService users;
  private final Duration tokenLifetime;
  private final String dummyHash;
  private final Counter failures;
  private final AuditLog audit;
  private final DeviceCookies devices;

  Logins(
      IdentityProviderManager identities,
      LoginThrottle throttle,
      SessionStore sessions,
      TokenIssuer tokens,
      UserService users,
      AuthConfig config,
      MeterRegistry metrics,
      AuditLog audit,
      DeviceCookies devices) {
    this.audit = audit;
    this.devices = devices;
    this.identities = identities;
    this.throttle = throttle;
    this.sessions = sessions;
    this.tokens = tokens;
    this.users = users;
    this.tokenLifetime = config.tokens().lifetime();
    this.dummyHash = BcryptUtil.bcryptHash(UserService.generatePassword(), config.bcryptCost());
    this.failures = metrics.counter("widgetforge.login.failures");
  }

  /**
   * Checks a login attempt and opens a session.
   *
   * @param device the request's device cookie, if valid; it counts only if it names this account
   */
  public Granted login(
      String email,
      String password,
      String userAgent,
      String clientAddress,
      Optional<DeviceCookies.Device> device) {
    String login = email == null ? "" : email.strip();
    if (login.length() > MAX_EMAIL_LENGTH) {
      // Never a user; not worth a throttle entry of its own.
      login = login.substring(0, MAX_EMAIL_LENGTH);
    }
    String account = login;
    // Only a (signed) device cookie costs a look-up before the throttle: an attacker cannot forge
    // one, and the look-up is needed below anyway.
    Optional<User> known = device.isPresent() ? active(account) : Optional.empty();
    String trustedDevice =
        device
            .filter(d -> known.map(u -> devices.belongsTo(d, u)).orElse(false))
            .map(DeviceCookies.Device::nonce)
            .orElse(null);
    LoginThrottle.Admission admission = throttle.admit(login, clientAddress, trustedDevice);
    if (!admission.admitted()) {
      audit.record(
          AuditRecord.event("login.throttled", Outcome.REFUSED)
              .target(loggable(login))
              .client(clientAddress));
      throw ApiProblem.tooManyRequests(
          "too many failed logins; try again later", admission.retryAfter());
    }
    Optional<User> user = device.isPresent() ? known : active(account);
    if (password == null || password.isEmpty() || password.length() > 1024 || user.isEmpty()) {
      BcryptUtil.matches(password == null ? "" : password, dummyHash);
      throw rejected(login, clientAddress);
    }
    try {
      identities.authenticateBlocking(
          new UsernamePasswordAuthenticationRequest(
              user.get().email, new PasswordCredential(password.toCharArray())));
    } catch (AuthenticationFailedException e) {
      throw rejected(login, clientAddress);
    }
    if (user.get().passwordExpired(Instant.now())) {
      // The right one-time password, too late: say so (only its holder can see this).
      audit.record(
          AuditRecord.event("login.expired-password", Outcome.FAILED)
              .actor(user.get().id)
              .target(user.get().email)
              .client(clientAddress));
      throw ApiProblem.unauthorized(
          "this one-time password has expired; ask an administrator to reset it");
    }
    throttle.succeeded(login, clientAddress, admission);
    users.recordLogin(user.get().id);
    Session session = sessions.open(user.get().id, userAgent, clientAddress);
    LOG.infof("login: user %s, session %s…", user.get().id, session.id.substring(0, 6));
    audit.record(
        AuditRecord.event("login", Outcome.OK)
            .actor(user.get().id)
            .target(user.get().email)
            .client(clientAddress)
            .detail(admission.device() != null ? "known device" : "other device"));
    return grant(user.get(), session);
  }

  /** The active user with this e-mail; nobody for an address with a control character. */
  private static Optional<User> active(String email) {
    // An address with a control character (a NUL from a form) is nobody's: never a query.
    return com.widgetforge.kit.input.ControlCharacters.contains(email, false)
        ? Optional.empty()
        : QuarkusTransaction.requiringNew().call(() -> User.byEmail(email).filter(u -> u.active));
  }

  /** A new token for a session that is still live (sliding its idle expiry). */
  public Optional<Granted> refresh(String sessionId) {
    return sessions
        .touch(sessionId)
        .map(
            session ->
                grant(
                    QuarkusTransaction.requiringNew().call(() -> User.findById(session.userId)),
                    session));
  }

  public boolean logout(String sessionId) {
    return sessions.revoke(sessionId, "logout");
  }

  private Granted grant(User user, Session session) {
    Duration untilSessionEnds = Duration.between(Instant.now(), session.absoluteExpiresAt);
    Duration lifetime =
        untilSessionEnds.compareTo(tokenLifetime) < 0 ? untilSessionEnds : tokenLifetime;
    Set<String> groups =
        user.mustChangePassword ? Set.of(Roles.PASSWORD_CHANGE) : Set.of(user.role);
    SignedToken token = tokens.issue(user.id.toString(), groups, session.id, lifetime);
    return new Granted(user, session, token);
  }

  /**
   * The login name for the audit record, if it looks like an e-mail address: a password typed into
   * the wrong field must never reach a log.
   */
  private static String loggable(String login) {
    // A dot in the domain part: "P@ssw0rd!" must not pass for an address. Lower case, as stored.
    return login.matches("[^\\s@]{1,64}@[^\\s@.]+(\\.[^\\s@.]+)+") && login.length() <= 254
        ? login.toLowerCase(java.util.Locale.ROOT)
        : "(not an e-mail address)";
  }

  private ApiProblem rejected(String email, String clientAddress) {
    failures.increment();
    audit.record(
        AuditRecord.event("login.failed", Outcome.FAILED)
            .target(loggable(email))
            .client(clientAddress));
    return ApiProblem.unauthorized(WRONG_CREDENTIALS);
  }
}
