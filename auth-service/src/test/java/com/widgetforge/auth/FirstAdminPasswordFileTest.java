package com.widgetforge.auth;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(FirstAdminPasswordFileTest.PasswordFile.class)
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class FirstAdminPasswordFileTest {

  private static final Path LOG = Path.of("target/auth-first-admin-file-test.log");
  private static final Path CONSOLE = Path.of("target/auth-first-admin-file-console.txt");
  private static final Path FILE = Path.of("target/first-admin-file-test/one-time-password");

  /** No WIDGETFORGE_ADMIN_PASSWORD, and AUTH_FIRST_ADMIN_PASSWORD_FILE set. */
  public static class PasswordFile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = FirstAdminTest.everyLevelTo(LOG);
      config.put("auth.bootstrap.admin-email", "filed@test.widgetforge");
      config.put("auth.bootstrap.admin-password", "");
      config.put("auth.first-admin.password-file", FILE.toString());
      return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(ConsoleCapture.class, Map.of("file", CONSOLE.toString())));
    }
  }

  @Test
  void theOneTimePasswordGoesToAnOwnerOnlyFileAndNeitherToTheLogNorToTheConsole() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(FILE)));
    List<String> lines = Files.readAllLines(FILE);
    assertEquals(1, lines.size(), lines.toString());
    Matcher written = FirstAdminTest.PRINTED.matcher(lines.get(0));
    assertTrue(written.find(), lines.get(0));
    assertEquals("filed@test.widgetforge", written.group(1));
    String password = written.group(2);

    String log = FirstAdminTest.assertLogKeeps(LOG, password);
    assertTrue(
        log.contains("its one-time password is in " + FILE.toAbsolutePath()),
        "the log says where it went");
    assertFalse(Files.readString(CONSOLE).contains(password), "nor is it on the console");

    Login oneTime = TestSessions.login("filed@test.widgetforge", password);
    assertTrue(oneTime.request().get("/auth/me").jsonPath().getBoolean("mustChangePassword"));
    assertEquals(List.of("password-change"), oneTime.claims().getJsonArray("groups").getList());
  }
}
