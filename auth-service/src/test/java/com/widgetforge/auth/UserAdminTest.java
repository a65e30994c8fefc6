package com.widgetforge.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.auth.TestSessions.Account;
import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.auth.user.User;
import com.widgetforge.auth.user.UserService;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TopicReader;
import com.widgetforge.kit.problem.ApiProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class UserAdminTest {

  @jakarta.inject.Inject UserService users;

  private final ObjectMapper json = new ObjectMapper();
  private final AsyncApiContract contract = AsyncApiContract.load();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private static Response post(Login as, String path, Object body) {
    return as.request().contentType(ContentType.JSON).body(body).post(path);
  }

  @Test
  void adminCreatesATraderWhoseNameIsPublishedOnAuthUsers() throws Exception {
    Login admin = TestSessions.admin();
    Account trader = TestSessions.newUser(admin, "trader");
    Login session = trader.login();
    Response me = session.request().get("/auth/me");
    assertEquals(200, me.statusCode());
    assertEquals(trader.email(), me.jsonPath().getString("email"));
    assertFalse(me.asString().contains("password"), "never the hash: " + me.asString());

    List<ConsumerRecord<String, String>> events =
        TopicReader.read(
            bootstrapServers,
            "auth.users",
            "earliest",
            got -> got.stream().anyMatch(r -> r.key().equals(trader.id())),
            Duration.ofSeconds(10));
    ConsumerRecord<String, String> created =
        events.stream().filter(r -> r.key().equals(trader.id())).findFirst().orElseThrow();
    contract.assertConforms("auth.users", created.value());
    JsonNode user = json.readTree(created.value());
    assertEquals("created", user.get("change").asText());
    assertEquals(me.jsonPath().getString("displayName"), user.get("displayName").asText());
    assertFalse(created.value().contains("@"), "auth.users carries no e-mail address");
  }

  @Test
  void traderCallingAnAdminEndpointGets403() {
    Login trader = TestSessions.newUser(TestSessions.admin(), "trader").login();
    assertEquals(403, trader.request().get("/auth/users").statusCode());
    assertEquals(403, post(trader, "/auth/users", Map.of("email", "x@y.z")).statusCode());
    assertEquals(403, trader.request().post("/auth/keys/rotate").statusCode());
    assertEquals(401, given().get("/auth/users").statusCode(), "no credentials at all");
  }

  @Test
  void userListIsPagedAndBounded() {
    Login admin = TestSessions.admin();
    TestSessions.newUser(admin, "trader");
    TestSessions.newUser(admin, "trader");
    Response page = admin.request().queryParam("page", 0).queryParam("size", 2).get("/auth/users");
    assertEquals(200, page.statusCode());
    assertEquals(2, page.jsonPath().getList("users").size());
    assertTrue(page.jsonPath().getLong("total") >= 3);
    assertEquals(400, admin.request().queryParam("size", 500).get("/auth/users").statusCode());
    assertEquals(400, admin.request().queryParam("page", -1).get("/auth/users").statusCode());
  }

  @Test
  void createWithoutAPasswordReturnsAOneTimePasswordThatMustBeChanged() {
    Login admin = TestSessions.admin();
    String email = "onetime-" + System.nanoTime() + "@test.widgetforge";
    Response created =
        post(
            admin,
            "/auth/users",
            Map.of("email", email, "displayName", "One Time", "role", "trader"));
    assertEquals(201, created.statusCode(), created.asString());
    String oneTime = created.jsonPath().getString("oneTimePassword");
    assertNotNull(oneTime);
    assertTrue(created.jsonPath().getBoolean("user.mustChangePassword"));
    assertEquals(
        200, TestSessions.attempt(email, oneTime, TestSessions.freshAddress()).statusCode());
  }

  @Test
  void aPasswordAnAdminTypedWorksOnlyToChooseTheUsersOwn() {
    Login admin = TestSessions.admin();
    String email = "typed-" + System.nanoTime() + "@test.widgetforge";
    String typed = "Typed by the admin " + System.nanoTime();
    Response created =
        post(
            admin,
            "/auth/users",
            Map.of(
                "email", email, "displayName", "Typed For", "role", "trader", "password", typed));
    assertEquals(201, created.statusCode(), created.asString());
    assertTrue(created.jsonPath().getBoolean("user.mustChangePassword"));
    Login first = TestSessions.login(email, typed);
    assertEquals(List.of("password-change"), first.claims().getJsonArray("groups").getList());
    assertEquals(403, first.request().get("/auth/users").statusCode());

    String own = TestSessions.chooseOwn(email, typed);
    assertEquals(
        List.of("trader"),
        TestSessions.login(email, own).claims().getJsonArray("groups").getList());
  }

  @Test
  void aOneTimePasswordExpiresAndAResetGivesAFreshOne() {
    Login admin = TestSessions.admin();
    String email = "expiring-" + System.nanoTime() + "@test.widgetforge";
    Response created =
        post(
            admin,
            "/auth/users",
            Map.of("email", email, "displayName", "Late Comer", "role", "trader"));
    String id = created.jsonPath().getString("user.id");
    String oneTime = created.jsonPath().getString("oneTimePassword");
    // Its 24 hours have passed.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                User.update(
                    "passwordExpiresAt = ?1 where id = ?2",
                    Instant.now().minusSeconds(1),
                    UUID.fromString(id)));
    Response late = TestSessions.attempt(email, oneTime, TestSessions.freshAddress());
    assertEquals(401, late.statusCode(), late.asString());
    assertTrue(late.asString().contains("one-time password has expired"), late.asString());

    Response reset = post(admin, "/auth/users/" + id + "/password-reset", Map.of());
    assertEquals(200, reset.statusCode(), reset.asString());
    String fresh = reset.jsonPath().getString("oneTimePassword");
    assertEquals(200, TestSessions.attempt(email, fresh, TestSessions.freshAddress()).statusCode());
  }

  @Test
  void badUserInputGetsA4xxWithAMessage() {
    Login admin = TestSessions.admin();
    Map<String, Map<String, Object>> cases =
        Map.of(
            "email must be",
                Map.of(
                    "email",
                    "not-an-email",
                    "displayName",
                    "A",
                    "role",
                    "trader",
                    "password",
                    "A fine pass phrase 1"),
            "role must be",
                Map.of(
                    "email",
                    "r@test.widgetforge",
                    "displayName",
                    "A",
                    "role",
                    "root",
                    "password",
                    "A fine pass phrase 1"),
            "displayName must be",
                Map.of(
                    "email",
                    "d@test.widgetforge",
                    "displayName",
                    "",
                    "role",
                    "trader",
                    "password",
                    "A fine pass phrase 1"),
            "12 to 128",
                Map.of(
                    "email",
                    "s@test.widgetforge",
                    "displayName",
                    "A",
                    "role",
                    "trader",
                    "password",
                    "short"),
            "too common",
                Map.of(
                    "email",
                    "c@test.widgetforge",
                    "displayName",
                    "A",
                    "role",
                    "trader",
                    "password",
                    "Password1234"),
            "e-mail address",
                Map.of(
                    "email",
                    "same-as-password@test.widgetforge",
                    "displayName",
                    "A",
                    "role",
                    "trader",
                    "password",
                    "same-as-password@test.widgetforge"),
            "display name",
                Map.of(
                    "email",
                    "n@test.widgetforge",
                    "displayName",
                    "My Long Display Name",
                    "role",
                    "trader",
                    "password",
                    "my long display name"));
    cases.forEach(
        (message, body) -> {
          Response response = post(admin, "/auth/users", body);
          assertEquals(400, response.statusCode(), response.asString());
          assertTrue(
              response.jsonPath().getString("detail").contains(message), response.asString());
        });
    Account existing = TestSessions.newUser(admin, "trader");
    assertEquals(
        409,
        post(
                admin,
                "/auth/users",
                Map.of(
                    "email",
                    existing.email().toUpperCase(),
                    "displayName",
                    "B",
                    "role",
                    "trader",
                    "password",
                    "Another pass phrase 2"))
            .statusCode());
    assertEquals(404, admin.request().get("/auth/users/not-a-uuid").statusCode());
    assertEquals(
        404, admin.request().get("/auth/users/00000000-0000-0000-0000-000000000000").statusCode());
  }

  @Test
  void anAdminFindsUsersByNameRenamesThemAndEndsTheirSessions() throws Exception {
    Login admin = TestSessions.admin();
    Account trader = TestSessions.newUser(admin, "trader");
    String name = "Zoë O'Brien_100% " + UUID.randomUUID().toString().substring(0, 8);
    Response renamed =
        admin
            .request()
            .contentType(ContentType.JSON)
            .body(Map.of("displayName", name))
            .put("/auth/users/" + trader.id() + "/display-name");
    assertEquals(200, renamed.statusCode(), renamed.asString());
    assertEquals(name, renamed.jsonPath().getString("displayName"));

    // Found by any part of the name or the e-mail, in any case; % and _ match only themselves.
    for (String search :
        List.of(name.substring(name.length() - 8).toUpperCase(), "_100%", trader.email())) {
      Response found = admin.request().queryParam("q", search).get("/auth/users");
      assertEquals(200, found.statusCode(), found.asString());
      assertEquals(1, found.jsonPath().getLong("total"), search + ": " + found.asString());
      assertEquals(trader.id(), found.jsonPath().getString("users[0].id"));
    }
    assertEquals(
        0, admin.request().queryParam("q", "_1000").get("/auth/users").jsonPath().getLong("total"));
    assertEquals(
        400, admin.request().queryParam("q", "x".repeat(101)).get("/auth/users").statusCode());

    List<ConsumerRecord<String, String>> events =
        TopicReader.read(
            bootstrapServers,
            "auth.users",
            "earliest",
            got ->
                got.stream()
                    .anyMatch(
                        r ->
                            r.value() != null
                                && r.value().contains("renamed")
                                && r.key().equals(trader.id())),
            Duration.ofSeconds(10));
    JsonNode event =
        json.readTree(
            events.stream()
                .filter(r -> r.key().equals(trader.id()) && r.value().contains("renamed"))
                .findFirst()
                .orElseThrow()
                .value());
    assertEquals(name, event.get("displayName").asText(), "every service learns the new name");

    Login laptop = trader.login();
    Login phone = trader.login();
    Response open = admin.request().get("/auth/users/" + trader.id() + "/sessions");
    assertEquals(200, open.statusCode(), open.asString());
    assertEquals(2, open.jsonPath().getList("id").size());
    Response ended = admin.request().delete("/auth/users/" + trader.id() + "/sessions");
    assertEquals(200, ended.statusCode(), ended.asString());
    assertEquals(2, ended.jsonPath().getInt("sessions"));
    assertEquals(401, laptop.request().get("/auth/me").statusCode());
    assertEquals(401, phone.request().get("/auth/me").statusCode());
    assertEquals(
        0,
        admin
            .request()
            .get("/auth/users/" + trader.id() + "/sessions")
            .jsonPath()
            .getList("id")
            .size());
    assertEquals(
        404, admin.request().get("/auth/users/" + UUID.randomUUID() + "/sessions").statusCode());
    Login traderSession = trader.login();
    assertEquals(
        403, traderSession.request().get("/auth/users/" + trader.id() + "/sessions").statusCode());
  }

  @Test
  void theLastActiveAdminCanBeNeitherDemotedNorDisabled() {
    Login admin = TestSessions.admin();
    UUID only = UUID.fromString(admin.userId());
    // Leave one active admin for the moment; the others are restored whatever happens.
    List<UUID> others =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    User.<User>list("role = 'admin' and active = true and id <> ?1", only).stream()
                        .map(u -> u.id)
                        .toList());
    setRole(others, "trader");
    try {
      refusesToLeaveNoAdmin(only);
    } finally {
      setRole(others, "admin");
    }
    assertEquals(200, admin.request().get("/auth/users").statusCode(), "still an admin");

    // With a second admin, one of them may go.
    Account second = TestSessions.newUser(admin, "admin");
    assertEquals("trader", users.changeRole(UUID.fromString(second.id()), "trader", null).role);
  }

  private static void setRole(List<UUID> ids, String role) {
    if (!ids.isEmpty()) {
      QuarkusTransaction.requiringNew()
          .run(() -> User.update("role = ?1 where id in ?2", role, ids));
    }
  }

  private void refusesToLeaveNoAdmin(UUID only) {
    ApiProblem demoted =
        org.junit.jupiter.api.Assertions.assertThrows(
            ApiProblem.class, () -> users.changeRole(only, "trader", null));
    assertEquals(409, demoted.status().getStatusCode());
    assertTrue(demoted.getMessage().contains("last active admin"), demoted.getMessage());
    assertEquals(
        409,
        org.junit.jupiter.api.Assertions.assertThrows(
                ApiProblem.class, () -> users.setActive(only, false, null))
            .status()
            .getStatusCode());
  }

  @Test
  void disablingAUserEndsTheirSessionsAndEnablingLetsThemBackIn() {
    Login admin = TestSessions.admin();
    Account trader = TestSessions.newUser(admin, "trader");
    Login session = trader.login();
    admin.request().post("/auth/users/" + trader.id() + "/disable").then().statusCode(200);
    assertEquals(401, session.request().get("/auth/me").statusCode());
    assertEquals(
        401,
        TestSessions.attempt(trader.email(), trader.password(), TestSessions.freshAddress())
            .statusCode());
    admin.request().post("/auth/users/" + trader.id() + "/enable").then().statusCode(200);
    assertEquals(200, trader.login().request().get("/auth/me").statusCode());
    assertEquals(
        400,
        admin.request().post("/auth/users/" + admin.userId() + "/disable").statusCode(),
        "not yourself");
  }

  @Test
  void roleChangeEndsSessionsSoTheOldRoleCannotBeUsed() {
    Login admin = TestSessions.admin();
    Account trader = TestSessions.newUser(admin, "trader");
    Login before = trader.login();
    admin
        .request()
        .contentType(ContentType.JSON)
        .body(Map.of("role", "admin"))
        .put("/auth/users/" + trader.id() + "/role")
        .then()
        .statusCode(200);
    assertEquals(401, before.request().get("/auth/me").statusCode());
    assertEquals(List.of("admin"), trader.login().claims().getJsonArray("groups").getList());
  }

  @Test
  void changingOwnPasswordNeedsTheCurrentOneAndEndsOtherSessions() {
    Account trader = TestSessions.newUser(TestSessions.admin(), "trader");
    Login here = trader.login();
    Login elsewhere = trader.login();
    assertEquals(
        403,
        post(
                here,
                "/auth/me/password",
                Map.of(
                    "currentPassword",
                    "wrong wrong wrong",
                    "newPassword",
                    "A brand new pass phrase"))
            .statusCode());
    assertEquals(
        400,
        post(
                here,
                "/auth/me/password",
                Map.of("currentPassword", trader.password(), "newPassword", "short"))
            .statusCode());
    assertEquals(
        204,
        post(
                here,
                "/auth/me/password",
                Map.of(
                    "currentPassword", trader.password(), "newPassword", "A brand new pass phrase"))
            .statusCode());
    assertEquals(
        200, here.request().get("/auth/me").statusCode(), "the session that changed it stays");
    assertEquals(401, elsewhere.request().get("/auth/me").statusCode());
    assertEquals(
        200,
        TestSessions.attempt(trader.email(), "A brand new pass phrase", TestSessions.freshAddress())
            .statusCode());
  }

  @Test
  void adminPasswordResetEndsTheUsersSessions() {
    Login admin = TestSessions.admin();
    Account trader = TestSessions.newUser(admin, "trader");
    Login session = trader.login();
    Response reset =
        admin
            .request()
            .contentType(ContentType.JSON)
            .body("{}")
            .post("/auth/users/" + trader.id() + "/password-reset");
    assertEquals(200, reset.statusCode(), reset.asString());
    assertEquals(401, session.request().get("/auth/me").statusCode());
    assertEquals(
        200,
        TestSessions.attempt(
                trader.email(),
                reset.jsonPath().getString("oneTimePassword"),
                TestSessions.freshAddress())
            .statusCode());
  }

  @Test
  void renamingSelfChangesTheDisplayNameAndRejectsControlCharacters() {
    Login trader = TestSessions.newUser(TestSessions.admin(), "trader").login();
    Response renamed =
        trader
            .request()
            .contentType(ContentType.JSON)
            .body(Map.of("displayName", "  Ace <Trader>  "))
            .patch("/auth/me");
    assertEquals(200, renamed.statusCode(), renamed.asString());
    assertEquals("Ace <Trader>", renamed.jsonPath().getString("displayName"));
    assertEquals(
        400,
        trader
            .request()
            .contentType(ContentType.JSON)
            .body(Map.of("displayName", "bad\u0007name"))
            .patch("/auth/me")
            .statusCode());
  }

  @Test
  void cookieAuthenticatedChangesNeedTheCsrfTokenOrOurOwnOrigin() {
    Login trader = TestSessions.newUser(TestSessions.admin(), "trader").login();
    Map<String, String> body = Map.of("displayName", "Csrf Test");
    Response noToken =
        given()
            .cookie(TestSessions.COOKIE, trader.token())
            .contentType(ContentType.JSON)
            .body(body)
            .patch("/auth/me");
    assertEquals(403, noToken.statusCode());
    assertTrue(noToken.jsonPath().getString("detail").contains("X-CSRF-Token"));
    Response wrongToken =
        given()
            .cookie(TestSessions.COOKIE, trader.token())
            .cookie(TestSessions.CSRF_COOKIE, trader.csrf())
            .header("X-CSRF-Token", "guessed")
            .contentType(ContentType.JSON)
            .body(body)
            .patch("/auth/me");
    assertEquals(403, wrongToken.statusCode());
    Response foreignOrigin =
        trader
            .request()
            .header("Origin", "https://evil.example")
            .contentType(ContentType.JSON)
            .body(body)
            .patch("/auth/me");
    assertEquals(403, foreignOrigin.statusCode());
    Response sameOrigin =
        given()
            .cookie(TestSessions.COOKIE, trader.token())
            .header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
            .contentType(ContentType.JSON)
            .body(body)
            .patch("/auth/me");
    assertEquals(200, sameOrigin.statusCode(), sameOrigin.asString());
    assertEquals(
        200,
        trader.request().contentType(ContentType.JSON).body(body).patch("/auth/me").statusCode());
  }
}
