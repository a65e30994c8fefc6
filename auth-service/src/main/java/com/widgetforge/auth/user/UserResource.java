package com.widgetforge.auth.user;

import com.widgetforge.auth.session.SessionStore;
import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Admin user management: {@code /auth/users}. */
@Path("/auth/users")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

  public static final int MAX_PAGE_SIZE = 200;

  /** A new user; without a password a one-time password is generated and returned once. */
  public record NewUser(String email, String displayName, String role, String password) {}

  /** A page of users. */
  public record UserPage(int page, int size, long total, List<UserView> users) {}

  /** A user with the one-time password just generated for them (shown once). */
  public record UserWithPassword(UserView user, String oneTimePassword) {}

  /** A new display name. */
  public record Rename(String displayName) {}

  /** How many sessions were ended. */
  public record Ended(int sessions) {}

  private static final int MAX_SEARCH = 100;

  /** A role change. */
  public record RoleChange(String role) {}

  /** A password reset; without a password a one-time one is generated. */
  public record PasswordReset(String password) {}

  private final UserService users;
  private final SessionStore sessions;
  private final JsonWebToken caller;

  UserResource(UserService users, SessionStore sessions, JsonWebToken caller) {
    this.users = users;
    this.sessions = sessions;
    this.caller = caller;
  }

  /** Users by display name, a page at a time; {@code q} keeps those whose name or e-mail has it. */
  @GET
  public UserPage list(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size,
      @QueryParam("q") String q) {
    if (page < 0 || page > 100_000 || size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiProblem.badRequest("page must be 0 to 100000 and size 1 to " + MAX_PAGE_SIZE);
    }
    String search = q == null || q.isBlank() ? null : q.strip();
    if (search != null && search.length() > MAX_SEARCH) {
      throw ApiProblem.badRequest("q must be at most " + MAX_SEARCH + " characters");
    }
    List<UserView> views = users.page(search, page, size).stream().map(UserView::of).toList();
    return new UserPage(page, size, users.count(search), views);
  }

  @PUT
  @Path("/{id}/display-name")
  @Consumes(MediaType.APPLICATION_JSON)
  public UserView rename(@PathParam("id") String id, Rename body) {
    return UserView.of(users.rename(parse(id), ApiProblem.requireBody(body).displayName()));
  }

  /** The user's open sessions, newest first. */
  @GET
  @Path("/{id}/sessions")
  public List<MeResource.SessionView> sessionsOf(@PathParam("id") String id) {
    UUID user = users.get(parse(id)).id;
    return sessions.openSessions(user).stream()
        .map(s -> new MeResource.SessionView(s.id, s.createdAt, s.lastSeenAt, s.userAgent, false))
        .toList();
  }

  /** Ends every open session of the user (a lost laptop): each service refuses them at once. */
  @DELETE
  @Path("/{id}/sessions")
  public Ended endSessionsOf(@PathParam("id") String id) {
    return new Ended(users.endSessions(parse(id)));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(NewUser body) {
    NewUser user = ApiProblem.requireBody(body);
    UserService.WithPassword created =
        users.create(user.email(), user.displayName(), user.role(), user.password());
    // Location names the new user: the audit trail records it as the change's target.
    return Response.created(URI.create("/auth/users/" + created.user().id))
        .header("Cache-Control", "no-store")
        .entity(new UserWithPassword(UserView.of(created.user()), created.oneTimePassword()))
        .build();
  }

  @GET
  @Path("/{id}")
  public UserView get(@PathParam("id") String id) {
    return UserView.of(users.get(parse(id)));
  }

  @POST
  @Path("/{id}/disable")
  public UserView disable(@PathParam("id") String id) {
    return UserView.of(users.setActive(parse(id), false, callerId()));
  }

  @POST
  @Path("/{id}/enable")
  public UserView enable(@PathParam("id") String id) {
    return UserView.of(users.setActive(parse(id), true, callerId()));
  }

  @PUT
  @Path("/{id}/role")
  @Consumes(MediaType.APPLICATION_JSON)
  public UserView changeRole(@PathParam("id") String id, RoleChange body) {
    return UserView.of(
        users.changeRole(parse(id), ApiProblem.requireBody(body).role(), callerId()));
  }

  @POST
  @Path("/{id}/password-reset")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response resetPassword(@PathParam("id") String id, PasswordReset body) {
    String password = body == null ? null : body.password();
    UserService.WithPassword reset = users.resetPassword(parse(id), password);
    return Response.ok(new UserWithPassword(UserView.of(reset.user()), reset.oneTimePassword()))
        .header("Cache-Control", "no-store")
        .build();
  }

  private UUID callerId() {
    try {
      return UUID.fromString(caller.getSubject());
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such user");
    }
  }
}
