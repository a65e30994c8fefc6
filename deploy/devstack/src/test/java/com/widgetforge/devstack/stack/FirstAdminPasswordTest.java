package com.widgetforge.devstack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstAdminPasswordTest {

  private static final String LINE =
      "FIRST ADMIN: admin@widgetforge.local with one-time password abcDEF123_-xyz0987654 (change"
          + " it after logging in; it is not shown again)";

  @TempDir Path home;

  @Test
  void theRunDirectoryIsOwnerOnlyAndAuthServiceIsToldTheFileInIt() throws Exception {
    Path run = home.resolve("run");
    FirstAdminPassword handOver = new FirstAdminPassword(run);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
    assertEquals(
        run.resolve("first-admin-password").toString(),
        handOver.environment().get("AUTH_FIRST_ADMIN_PASSWORD_FILE"));
  }

  @Test
  void theLineIsShownOnceAndTheFileDeleted() throws Exception {
    FirstAdminPassword handOver = new FirstAdminPassword(home.resolve("run"));
    Path file = Path.of(handOver.environment().get("AUTH_FIRST_ADMIN_PASSWORD_FILE"));
    Files.writeString(file, LINE + "\n");
    assertEquals(List.of(LINE), handOver.takeOnce());
    assertFalse(Files.exists(file), "deleted once shown");
    assertEquals(List.of(), handOver.takeOnce(), "shown only once");
  }

  @Test
  void withoutAFileThereIsNothingToShow() throws Exception {
    assertEquals(List.of(), new FirstAdminPassword(home.resolve("run")).takeOnce());
  }

  @Test
  void aFileLeftByAnInterruptedStartIsShownByTheNextOne() throws Exception {
    Path run = home.resolve("run");
    Path file =
        Path.of(new FirstAdminPassword(run).environment().get("AUTH_FIRST_ADMIN_PASSWORD_FILE"));
    Files.writeString(file, LINE + "\n");
    assertEquals(List.of(LINE), new FirstAdminPassword(run).takeOnce());
  }
}
