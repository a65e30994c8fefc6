package com.widgetforge.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(FirstAdminTest.NoAdminPassword.class)
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class FirstAdminTest {

  private static final Path LOG = Path.of("target/auth-first-admin-test.log");

  /** A fresh database and no WIDGETFORGE_ADMIN_PASSWORD: the first start invents one. */
  public static class NoAdminPassword implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "auth.bootstrap.admin-email", "first@test.widgetforge",
          "auth.bootstrap.admin-password", "",
          "quarkus.log.file.path", LOG.toString());
    }
  }

  @Test
  void withoutAConfiguredPasswordTheFirstAdminGetsAOneTimePasswordPrintedOnce() throws Exception {
    List<String> banners =
        Files.readAllLines(LOG).stream().filter(line -> line.contains("FIRST ADMIN")).toList();
    assertEquals(1, banners.size(), banners.toString());
    Matcher printed =
        Pattern.compile("FIRST ADMIN: first@test\\.widgetforge with one-time password (\\S+) ")
            .matcher(banners.get(0));
    assertTrue(printed.find(), banners.get(0));

    Login oneTime = TestSessions.login("first@test.widgetforge", printed.group(1));
    assertTrue(oneTime.request().get("/auth/me").jsonPath().getBoolean("mustChangePassword"));
    assertEquals(List.of("password-change"), oneTime.claims().getJsonArray("groups").getList());
    assertEquals(
        403, oneTime.request().get("/auth/users").statusCode(), "nothing else until changed");

    assertEquals(
        204,
        oneTime
            .request()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "currentPassword", printed.group(1), "newPassword", "My own admin passphrase"))
            .post("/auth/me/password")
            .statusCode());
    Response refreshed = oneTime.request().post("/auth/refresh");
    assertEquals(200, refreshed.statusCode());
    String token = refreshed.cookie(TestSessions.COOKIE);
    assertEquals(List.of("admin"), TestSessions.claims(token).getJsonArray("groups").getList());
    assertEquals(200, given().cookie(TestSessions.COOKIE, token).get("/auth/users").statusCode());
  }
}
