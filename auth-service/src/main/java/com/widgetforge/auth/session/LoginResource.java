package com.widgetforge.auth.session;

import com.widgetforge.auth.AuthConfig;
import com.widgetforge.auth.session.Logins.Granted;
import com.widgetforge.auth.token.LocalTokenVerifier;
import com.widgetforge.kit.problem.ApiProblem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code /auth/login}, {@code /auth/refresh}, {@code /auth/logout}: JSON and HTML forms. */
@Path("/auth")
@PermitAll
public class LoginResource {

  /** JSON login body. */
  public record LoginRequest(String email, String password) {}

  /** What a login or refresh answers (the token itself travels only in the HttpOnly cookie). */
  public record SessionGranted(
      String userId, String displayName, String role, Instant expiresAt, String csrfToken) {}

  private static final Pattern LOCAL_PATH = Pattern.compile("^/(?![/\\\\])[A-Za-z0-9/_.~?=&%-]*$");

  private final Logins logins;
  private final SessionCookies cookies;
  private final DeviceCookies devices;
  private final LocalTokenVerifier verifier;
  private final Duration refreshGrace;

  LoginResource(
      Logins logins,
      SessionCookies cookies,
      DeviceCookies devices,
      LocalTokenVerifier verifier,
      AuthConfig config) {
    this.logins = logins;
    this.cookies = cookies;
    this.devices = devices;
    this.verifier = verifier;
    this.refreshGrace = config.sessions().idleTimeout();
  }

  @POST
  @Path("/login")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response login(LoginRequest body, HttpServerRequest request) {
    LoginRequest login = ApiProblem.requireBody(body);
    Granted granted = login(login.email(), login.password(), request);
    endPreviousSession(request);
    String csrf = cookies.newCsrfValue();
    return withSession(Response.ok(body(granted, csrf)), granted, csrf, request)
        .cookie(devices.issue(granted.user(), request))
        .build();
  }

  /** The dashboard's login form: 303 to {@code next} (a local path) or back to the form. */
  @POST
  @Path("/login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response loginForm(
      @FormParam("email") String email,
      @FormParam("password") String password,
      @FormParam("next") String next,
      HttpServerRequest request) {
    // Where to go is settled before any session opens: a next that is not a local path (or not a
    // valid one, /%zz) goes to the dashboard.
    URI target = localTarget(next);
    try {
      Granted granted = login(email, password, request);
      endPreviousSession(request);
      return withSession(Response.seeOther(target), granted, cookies.newCsrfValue(), request)
          .cookie(devices.issue(granted.user(), request))
          .build();
    } catch (ApiProblem problem) {
      String error =
          problem.status() == Response.Status.TOO_MANY_REQUESTS ? "throttled" : "credentials";
      return Response.seeOther(URI.create("/login?error=" + error)).build();
    }
  }

  /** JSON and form logins alike: the device cookie, if any, goes with the attempt. */
  private Granted login(String email, String password, HttpServerRequest request) {
    return logins.login(
        email, password, userAgent(request), address(request), devices.read(request));
  }

  private static URI localTarget(String next) {
    if (next != null && LOCAL_PATH.matcher(next).matches()) {
      try {
        return new URI(next);
      } catch (java.net.URISyntaxException malformed) {
        // falls through to the dashboard
      }
    }
    return URI.create("/dashboard");
  }

  /** A fresh token for a live session; the session's idle expiry slides forward. */
  @POST
  @Path("/refresh")
  @Produces(MediaType.APPLICATION_JSON)
  public Response refresh(HttpServerRequest request) {
    Optional<Granted> granted =
        verifier.sessionOf(cookies.token(request), refreshGrace).flatMap(logins::refresh);
    if (granted.isEmpty()) {
      throw ApiProblem.unauthorized("no live session; log in again");
    }
    String csrf = cookies.csrfValue(request);
    return withSession(Response.ok(body(granted.get(), csrf)), granted.get(), csrf, request)
        .build();
  }

  /**
   * Ends the session everywhere (event on auth.sessions) and clears the cookies; a browser's form
   * post (Accept: text/html) is sent back to the login page.
   */
  @POST
  @Path("/logout")
  public Response logout(HttpServerRequest request) {
    verifier.sessionOf(cookies.token(request), refreshGrace).ifPresent(logins::logout);
    boolean browserForm =
        Optional.ofNullable(request.getHeader("Accept"))
            .map(accept -> accept.contains(MediaType.TEXT_HTML))
            .orElse(false);
    Response.ResponseBuilder response =
        browserForm ? Response.seeOther(URI.create("/login")) : Response.noContent();
    return response.cookie(cookies.cleared(request)).build();
  }

  /** A login replaces the browser's previous session rather than leaving it open. */
  private void endPreviousSession(HttpServerRequest request) {
    verifier.sessionOf(cookies.token(request), refreshGrace).ifPresent(logins::logout);
  }

  private Response.ResponseBuilder withSession(
      Response.ResponseBuilder response, Granted granted, String csrf, HttpServerRequest request) {
    Instant ends = granted.session().absoluteExpiresAt;
    return response
        .cookie(
            cookies.session(granted.token().token(), ends, request),
            cookies.csrf(csrf, ends, request))
        .header("Cache-Control", "no-store");
  }

  private static SessionGranted body(Granted granted, String csrf) {
    return new SessionGranted(
        granted.user().id.toString(),
        granted.user().displayName,
        granted.user().role,
        granted.token().expiresAt(),
        csrf);
  }

  static String userAgent(HttpServerRequest request) {
    return request.getHeader("User-Agent");
  }

  static String address(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}
