package com.widgetforge.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashMap;
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
  private static final Path CONSOLE = Path.of("target/auth-first-admin-console.txt");

  /** The first admin's one-time password, as printed on the console or written to the file. */
  static final Pattern PRINTED =
      Pattern.compile("FIRST ADMIN: (\\S+) with one-time password ([A-Za-z0-9_-]{20}) ");

  /**
   * A fresh database and no WIDGETFORGE_ADMIN_PASSWORD: the first start invents one. The log file
   * gets every record our code writes at any level, and everything else from DEBUG up.
   */
  public static class NoAdminPassword implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = everyLevelTo(LOG);
      config.put("auth.bootstrap.admin-email", "first@test.widgetforge");
      config.put("auth.bootstrap.admin-password", "");
      return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(ConsoleCapture.class, Map.of("file", CONSOLE.toString())));
    }
  }

  /** Settings that send every log record, down to our code's TRACE, to {@code log}. */
  static Map<String, String> everyLevelTo(Path log) {
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.log.file.path", log.toString());
    config.put("quarkus.log.file.level", "ALL");
    config.put("quarkus.log.level", "DEBUG");
    // The build's own output stays readable.
    config.put("quarkus.log.console.level", "INFO");
    config.put("quarkus.log.category.\"com.widgetforge\".min-level", "TRACE");
    config.put("quarkus.log.category.\"com.widgetforge\".level", "TRACE");
    return config;
  }

  /** Asserts that the log holds records below INFO and nothing of {@code password}. */
  static String assertLogKeeps(Path log, String password) throws Exception {
    String text = Files.readString(log);
    assertTrue(text.contains("\"level\":\"DEBUG\""), "the log records every level");
    assertFalse(text.contains(password), "the one-time password is in " + log);
    return text;
  }

  @Test
  void withoutAConfiguredPasswordTheOneTimePasswordIsPrintedOnTheConsoleAndNeverLogged()
      throws Exception {
    List<String> banners =
        Files.readAllLines(CONSOLE).stream().filter(line -> line.contains("FIRST ADMIN")).toList();
    assertEquals(1, banners.size(), banners.toString());
    Matcher printed = PRINTED.matcher(banners.get(0));
    assertTrue(printed.find(), banners.get(0));
    assertEquals("first@test.widgetforge", printed.group(1));
    String password = printed.group(2);

    String log = assertLogKeeps(LOG, password);
    assertTrue(
        log.contains("its one-time password is printed on the console (standard output)"),
        "the log says where it went");
    assertFalse(log.contains("FIRST ADMIN"), "the log has no FIRST ADMIN line to grep for");

    Login oneTime = TestSessions.login("first@test.widgetforge", password);
    assertTrue(oneTime.request().get("/auth/me").jsonPath().getBoolean("mustChangePassword"));
    assertEquals(List.of("password-change"), oneTime.claims().getJsonArray("groups").getList());
    assertEquals(
        403, oneTime.request().get("/auth/users").statusCode(), "nothing else until changed");

    assertEquals(
        204,
        oneTime
            .request()
            .contentType(ContentType.JSON)
            .body(Map.of("currentPassword", password, "newPassword", "My own admin passphrase"))
            .post("/auth/me/password")
            .statusCode());
    Response refreshed = oneTime.request().post("/auth/refresh");
    assertEquals(200, refreshed.statusCode());
    String token = refreshed.cookie(TestSessions.COOKIE);
    assertEquals(List.of("admin"), TestSessions.claims(token).getJsonArray("groups").getList());
    assertEquals(200, given().cookie(TestSessions.COOKIE, token).get("/auth/users").statusCode());
  }
}
