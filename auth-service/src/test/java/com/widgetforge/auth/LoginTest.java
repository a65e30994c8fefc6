package com.widgetforge.auth;

import static com.widgetforge.auth.TestSessions.ADMIN_EMAIL;
import static com.widgetforge.auth.TestSessions.ADMIN_PASSWORD;
import static com.widgetforge.auth.TestSessions.COOKIE;
import static com.widgetforge.auth.TestSessions.attempt;
import static com.widgetforge.auth.TestSessions.freshAddress;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.auth.TestSessions.Account;
import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class LoginTest {

  private final ObjectMapper json = new ObjectMapper();
  private final AsyncApiContract contract = AsyncApiContract.load();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void loginSetsAHostOnlyHttpOnlySecureSameSiteSessionCookieAndACsrfCookie() {
    Response response = attempt(ADMIN_EMAIL, ADMIN_PASSWORD, freshAddress());
    assertEquals(200, response.statusCode(), response.asString());
    List<String> setCookies = response.headers().getValues("Set-Cookie");
    String session =
        setCookies.stream().filter(c -> c.startsWith(COOKIE + "=")).findFirst().orElseThrow();
    for (String attribute : new String[] {"HttpOnly", "Secure", "SameSite=Lax", "Path=/"}) {
      assertTrue(session.contains(attribute), session);
    }
    assertFalse(
        session.toLowerCase().contains("domain="),
        "a __Host- cookie must be host-only: " + session);
    String csrf =
        setCookies.stream().filter(c -> c.startsWith("__Host-wf_csrf=")).findFirst().orElseThrow();
    assertFalse(csrf.contains("HttpOnly"), "the page's script must read the CSRF cookie: " + csrf);
    assertTrue(csrf.contains(response.jsonPath().getString("csrfToken")));
    assertEquals("no-store", response.header("Cache-Control"));
    assertFalse(
        response.asString().contains(response.cookie(COOKIE)),
        "the token travels only in the cookie");
  }

  @Test
  void tokenIsAnRs256JwtWithSubjectGroupsSessionIssuerAudienceAndExpiry() {
    Login admin = TestSessions.admin();
    JsonObject header = TestSessions.header(admin.token());
    JsonObject claims = admin.claims();
    assertEquals("RS256", header.getString("alg"));
    assertTrue(
        given()
            .get("/auth/jwks")
            .then()
            .statusCode(200)
            .extract()
            .asString()
            .contains(header.getString("kid")));
    assertEquals(admin.userId(), claims.getString("sub"));
    assertEquals(List.of("admin"), claims.getJsonArray("groups").getList());
    assertEquals("widgetforge", claims.getString("iss"));
    assertEquals(
        "widgetforge",
        claims.getValue("aud") instanceof String a ? a : claims.getJsonArray("aud").getString(0));
    long lifetime = claims.getLong("exp") - Instant.now().getEpochSecond();
    assertTrue(lifetime > 0 && lifetime <= 300, "token lives " + lifetime + " s");
    assertTrue(
        admin.sessionId().length() >= 43,
        "session ids carry 256 random bits: " + admin.sessionId());
  }

  @Test
  void everyLoginGetsANewSessionId() {
    assertNotEquals(TestSessions.admin().sessionId(), TestSessions.admin().sessionId());
  }

  @Test
  void unknownUserWrongPasswordAndDisabledUserGetTheSameAnswer() {
    Login admin = TestSessions.admin();
    Account disabled = TestSessions.newUser(admin, "trader");
    admin.request().post("/auth/users/" + disabled.id() + "/disable").then().statusCode(200);

    Response wrongPassword = attempt(ADMIN_EMAIL, "not the password at all", freshAddress());
    Response unknownUser =
        attempt("nobody@test.widgetforge", "not the password at all", freshAddress());
    Response disabledUser = attempt(disabled.email(), disabled.password(), freshAddress());
    for (Response response : List.of(wrongPassword, unknownUser, disabledUser)) {
      assertEquals(401, response.statusCode());
      assertEquals(wrongPassword.asString(), response.asString());
      assertTrue(response.headers().getValues("Set-Cookie").isEmpty());
    }
    assertEquals("wrong e-mail or password", wrongPassword.jsonPath().getString("detail"));
  }

  @Test
  void badLoginBodiesAreRefusedWithAMessage() {
    given()
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/auth/login")
        .then()
        .statusCode(400);
    Response empty = given().contentType(ContentType.JSON).post("/auth/login");
    assertEquals(400, empty.statusCode());
    assertNotNull(empty.jsonPath().getString("detail"));
  }

  @Test
  void bruteForceFromOneAddressIsThrottledWithRetryAfterWhileTheOwnerStillGetsIn() {
    String attacker = freshAddress();
    Account victim = TestSessions.newUser(TestSessions.admin(), "trader");
    for (int i = 0; i < 6; i++) {
      assertEquals(
          401, attempt(victim.email(), "guess number " + i + " wrong", attacker).statusCode());
    }
    Response throttled = attempt(victim.email(), victim.password(), attacker);
    assertEquals(429, throttled.statusCode(), "even the right password waits");
    assertTrue(Integer.parseInt(throttled.header("Retry-After")) >= 1);
    assertEquals(
        200,
        attempt(victim.email(), victim.password(), freshAddress()).statusCode(),
        "the owner, from their own address, is not locked out");
  }

  /** The dashboard's login form, posted as a browser posts it. */
  private static Response formLogin(Map<String, String> fields) {
    return given()
        .redirects()
        .follow(false)
        .header("X-Forwarded-For", freshAddress())
        .formParams(fields)
        .post("/auth/login");
  }

  @Test
  void aNulInTheEmailIsA400AndAMalformedNextNeverFailsTheLogin() {
    Response nul =
        given()
            .contentType(ContentType.JSON)
            .body("{\"email\":\"admin\\u0000@x.test\",\"password\":\"whatever it is\"}")
            .post("/auth/login");
    assertEquals(400, nul.statusCode(), nul.asString());
    assertTrue(nul.jsonPath().getString("detail").contains("control character"), nul.asString());

    Response nulForm = formLogin(Map.of("email", "admin\u0000@x.test", "password", "x"));
    assertEquals(303, nulForm.statusCode(), nulForm.asString());
    assertTrue(nulForm.header("Location").endsWith("/login?error=credentials"));

    Response malformed =
        formLogin(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD, "next", "/%zz"));
    assertEquals(303, malformed.statusCode(), malformed.asString());
    assertTrue(malformed.header("Location").endsWith("/dashboard"), malformed.header("Location"));
  }

  @Test
  void aFormLoginFromAnOpaqueOriginIsRefused() {
    // Sandboxed frames send Origin: null; another site could log a visitor into its account.
    Response sandboxed =
        given()
            .redirects()
            .follow(false)
            .header("X-Forwarded-For", freshAddress())
            .header("Origin", "null")
            .formParams(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD))
            .post("/auth/login");
    assertEquals(403, sandboxed.statusCode(), sandboxed.asString());
    assertNull(sandboxed.cookie(COOKIE), "no session for a cross-site login");
  }

  @Test
  void htmlFormLoginRedirectsToALocalPageOnlyAndBackToTheFormOnFailure() {
    Response ok =
        formLogin(
            Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD, "next", "/dashboard/widgets"));
    assertEquals(303, ok.statusCode());
    assertTrue(ok.header("Location").endsWith("/dashboard/widgets"));
    assertNotNull(ok.cookie(COOKIE));

    Response offSite =
        formLogin(
            Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD, "next", "//evil.example/x"));
    assertTrue(offSite.header("Location").endsWith("/dashboard"), offSite.header("Location"));

    Response failed = formLogin(Map.of("email", ADMIN_EMAIL, "password", "wrong wrong wrong"));
    assertEquals(303, failed.statusCode());
    assertTrue(failed.header("Location").endsWith("/login?error=credentials"));
  }

  @Test
  void refreshIssuesANewTokenForTheSameSessionUntilLogout() {
    Login admin = TestSessions.admin();
    Response refreshed = admin.request().post("/auth/refresh");
    assertEquals(200, refreshed.statusCode(), refreshed.asString());
    String newToken = refreshed.cookie(COOKIE);
    assertEquals(admin.sessionId(), TestSessions.claims(newToken).getString("sid"));

    admin.request().post("/auth/logout").then().statusCode(204);
    admin.request().post("/auth/refresh").then().statusCode(401);
  }

  @Test
  void logoutRevokesTheSessionAndAnnouncesItOnAuthSessions() throws Exception {
    Login admin = TestSessions.admin();
    admin.request().get("/auth/me").then().statusCode(200);
    Response logout = admin.request().post("/auth/logout");
    assertEquals(204, logout.statusCode());
    assertTrue(
        logout.headers().getValues("Set-Cookie").stream()
            .anyMatch(
                c ->
                    c.startsWith(COOKIE + "=;")
                        || c.startsWith(COOKIE + "=\"\"")
                        || c.contains("Max-Age=0")));
    admin.request().get("/auth/me").then().statusCode(401);

    List<ConsumerRecord<String, String>> events =
        TopicReader.read(
            bootstrapServers,
            "auth.sessions",
            "earliest",
            got -> got.stream().anyMatch(r -> r.key().equals(admin.sessionId())),
            Duration.ofSeconds(10));
    ConsumerRecord<String, String> revoked =
        events.stream().filter(r -> r.key().equals(admin.sessionId())).findFirst().orElseThrow();
    contract.assertConforms("auth.sessions", revoked.value());
    JsonNode event = json.readTree(revoked.value());
    assertEquals("logout", event.get("reason").asText());
    assertEquals(admin.userId(), event.get("userId").asText());
  }

  @Test
  void aUserSeesTheirOpenSessionsAndCanEndAnother() {
    Account trader = TestSessions.newUser(TestSessions.admin(), "trader");
    Login here = trader.login();
    Login forgotten = trader.login();
    Response sessions = here.request().get("/auth/me/sessions");
    assertEquals(200, sessions.statusCode());
    assertEquals(2, sessions.jsonPath().getList("id").size());
    assertEquals(List.of(true), sessions.jsonPath().getList("findAll { it.current }.current"));

    assertEquals(
        204, here.request().delete("/auth/me/sessions/" + forgotten.sessionId()).statusCode());
    assertEquals(401, forgotten.request().get("/auth/me").statusCode());
    Login someoneElse = TestSessions.admin();
    assertEquals(
        404, here.request().delete("/auth/me/sessions/" + someoneElse.sessionId()).statusCode());
    assertEquals(200, someoneElse.request().get("/auth/me").statusCode());
  }

  @Test
  void aBrowserFormLogoutGoesBackToTheLoginPage() {
    Login admin = TestSessions.admin();
    Response logout =
        admin.request().redirects().follow(false).accept("text/html").post("/auth/logout");
    assertEquals(303, logout.statusCode());
    assertTrue(logout.header("Location").endsWith("/login"));
    assertEquals(401, admin.request().get("/auth/me").statusCode());
  }
}
