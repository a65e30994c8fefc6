package com.widgetforge.devstack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** widget-service's provisioned service key in a local run: one per data directory. */
class WidgetServiceKeyTest {

  @TempDir Path home;

  private static LocalStack stack(Path root, Path dataDir) {
    return LocalStack.create(
        new LocalStack.Options(
            root,
            dataDir,
            root.resolve("logs"),
            8080,
            9080,
            Map.of(),
            0,
            0,
            0,
            false,
            Map.of(),
            false),
        line -> {});
  }

  @Test
  void eachDataDirectoryKeepsARandomKeyOwnerOnlyAcrossRestarts() throws Exception {
    Path data = home.resolve("data");
    String key = stack(home, data).widgetServiceKey();
    assertTrue(key.matches("wf_[A-Za-z0-9_-]{43}"), "a WidgetForge key: " + key.length());
    Path file = data.resolve(LocalStack.WIDGET_SERVICE_KEY_FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(key, stack(home, data).widgetServiceKey(), "the same after a restart");
    assertNotEquals(
        key, stack(home, home.resolve("other")).widgetServiceKey(), "another data directory's");
    try (var files = Files.list(data)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void throwAwayDataGetsAFreshKeyThatStaysForTheStacksLife() throws Exception {
    LocalStack stack = stack(home, null);
    String key = stack.widgetServiceKey();
    assertTrue(key.startsWith("wf_"));
    assertEquals(key, stack.widgetServiceKey(), "a restarted service gets the same");
    assertNotEquals(key, stack(home, null).widgetServiceKey());
  }
}
