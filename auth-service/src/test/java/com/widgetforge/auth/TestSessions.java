package com.widgetforge.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Logs in over real HTTP and carries the session's cookies the way a browser would. */
final class TestSessions {

  static final String COOKIE = "__Host-wf_session";
  static final String CSRF_COOKIE = "__Host-wf_csrf";
  static final String ADMIN_EMAIL = "admin@test.widgetforge";
  static final String ADMIN_PASSWORD = "Test-only admin passphrase 7";

  private static final AtomicInteger ADDRESSES = new AtomicInteger();

  /** A logged-in session. */
  record Login(String token, String csrf, String userId) {

    /** A request as the dashboard page sends it: cookies plus the CSRF header. */
    RequestSpecification request() {
      return given().cookie(COOKIE, token).cookie(CSRF_COOKIE, csrf).header("X-CSRF-Token", csrf);
    }

    JsonObject claims() {
      return TestSessions.claims(token);
    }

    String sessionId() {
      return claims().getString("sid");
    }
  }

  /** A user created by the admin, with the password they log in with. */
  record Account(String id, String email, String password) {
    Login login() {
      return TestSessions.login(email, password);
    }
  }

  private TestSessions() {}

  /** A client address of its own per call, so one test's failed logins never throttle another. */
  static String freshAddress() {
    int n = ADDRESSES.incrementAndGet();
    return "10.77." + (n / 250) + "." + (n % 250 + 1);
  }

  static Response attempt(String email, String password, String address) {
    return given()
        .header("X-Forwarded-For", address)
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", password))
        .post("/auth/login");
  }

  static Login login(String email, String password) {
    Response response = attempt(email, password, freshAddress());
    assertEquals(200, response.statusCode(), response.asString());
    return new Login(
        response.cookie(COOKIE),
        response.jsonPath().getString("csrfToken"),
        response.jsonPath().getString("userId"));
  }

  static Login admin() {
    return login(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  static Account newUser(Login admin, String role) {
    String email = "user-" + UUID.randomUUID() + "@test.widgetforge";
    String password = "Pass phrase for " + UUID.randomUUID();
    Response created =
        admin
            .request()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "email",
                    email,
                    "displayName",
                    "Trader " + email.substring(5, 13),
                    "role",
                    role,
                    "password",
                    password))
            .post("/auth/users");
    assertEquals(201, created.statusCode(), created.asString());
    // The admin's password is a one-time one: the user logs in once to choose their own.
    return new Account(created.jsonPath().getString("user.id"), email, chooseOwn(email, password));
  }

  /** Logs in with a one-time password and changes it; returns the user's own new password. */
  static String chooseOwn(String email, String oneTimePassword) {
    String own = "Own pass phrase " + UUID.randomUUID();
    Login first = login(email, oneTimePassword);
    Response changed =
        first
            .request()
            .contentType(ContentType.JSON)
            .body(Map.of("currentPassword", oneTimePassword, "newPassword", own))
            .post("/auth/me/password");
    assertEquals(204, changed.statusCode(), changed.asString());
    // The session it was changed in ends: tests count the sessions they open themselves.
    first.request().post("/auth/logout").then().statusCode(204);
    return own;
  }

  static JsonObject claims(String token) {
    return part(token, 1);
  }

  static JsonObject header(String token) {
    return part(token, 0);
  }

  private static JsonObject part(String token, int index) {
    return new JsonObject(
        new String(
            Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
  }
}
