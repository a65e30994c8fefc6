package com.widgetforge.auth.user;

import com.widgetforge.auth.session.LoginThrottle;
import com.widgetforge.auth.session.SessionStore;
import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import com.widgetforge.kit.security.SessionTokenVerifier;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Self-service for a logged-in trader or admin: {@code /auth/me} and their sessions. */
@Path("/auth/me")
@RolesAllowed({Roles.TRADER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

  /** Display-name change. */
  public record Rename(String displayName) {}

  /** Password change: the current password is required. */
  public record PasswordChange(String currentPassword, String newPassword) {}

  /** One open session, as its owner sees it. */
  public record SessionView(
      String id, Instant createdAt, Instant lastSeenAt, String userAgent, boolean current) {}

  private final JsonWebToken token;
  private final UserService users;
  private final SessionStore sessions;
  private final IdentityProviderManager identities;
  private final LoginThrottle throttle;

  MeResource(
      JsonWebToken token,
      UserService users,
      SessionStore sessions,
      IdentityProviderManager identities,
      LoginThrottle throttle) {
    this.throttle = throttle;
    this.token = token;
    this.users = users;
    this.sessions = sessions;
    this.identities = identities;
  }

  @GET
  @RolesAllowed({Roles.TRADER, Roles.ADMIN, Roles.PASSWORD_CHANGE})
  public UserView me() {
    return UserView.of(users.get(userId()));
  }

  @PATCH
  @Consumes(MediaType.APPLICATION_JSON)
  public UserView rename(Rename body) {
    return UserView.of(users.rename(userId(), ApiProblem.requireBody(body).displayName()));
  }

  /**
   * Changes the password and ends every other session of the user (then {@code POST /auth/refresh}
   * gives this session a token with the user's role). Wrong current passwords are throttled like
   * failed logins.
   */
  @POST
  @Path("/password")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.TRADER, Roles.ADMIN, Roles.PASSWORD_CHANGE})
  public Response changePassword(PasswordChange body, HttpServerRequest request) {
    PasswordChange change = ApiProblem.requireBody(body);
    User user = users.get(userId());
    String throttleKey = "password-change|" + user.id;
    String address =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    Duration wait = throttle.begin(throttleKey, address);
    if (!wait.isZero()) {
      throw ApiProblem.tooManyRequests("too many wrong current passwords; try again later", wait);
    }
    try {
      String current = change.currentPassword() == null ? "" : change.currentPassword();
      identities.authenticateBlocking(
          new UsernamePasswordAuthenticationRequest(
              user.email, new PasswordCredential(current.toCharArray())));
    } catch (AuthenticationFailedException e) {
      throw ApiProblem.forbidden("the current password is wrong");
    }
    throttle.succeeded(throttleKey, address);
    users.changeOwnPassword(user.id, change.newPassword(), SessionTokenVerifier.sessionId(token));
    return Response.noContent().build();
  }

  @GET
  @Path("/sessions")
  public List<SessionView> sessions() {
    String current = SessionTokenVerifier.sessionId(token);
    return sessions.openSessions(userId()).stream()
        .map(
            s ->
                new SessionView(s.id, s.createdAt, s.lastSeenAt, s.userAgent, s.id.equals(current)))
        .toList();
  }

  /** Ends one of the caller's own sessions (e.g. a forgotten browser). */
  @DELETE
  @Path("/sessions/{id}")
  public Response endSession(@PathParam("id") String id) {
    boolean own = sessions.openSessions(userId()).stream().map(s -> s.id).anyMatch(id::equals);
    if (!own || !sessions.revoke(id, "logout")) {
      throw ApiProblem.notFound("no such session");
    }
    return Response.noContent().build();
  }

  private UUID userId() {
    try {
      return UUID.fromString(token.getSubject());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiProblem.forbidden("this credential does not belong to a user");
    }
  }
}
