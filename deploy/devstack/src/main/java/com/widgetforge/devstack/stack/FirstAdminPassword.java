package com.widgetforge.devstack.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * How {@code deploy/run-local} shows the first admin's one-time password without it ever being in a
 * log: auth-service writes it to an owner-only file in the run directory ({@code
 * AUTH_FIRST_ADMIN_PASSWORD_FILE}); run-local prints it once under its ready line and deletes the
 * file. A file left by a start that was interrupted before its ready line is shown by the next one
 * (the admin it names exists, and nobody could reset its password).
 */
final class FirstAdminPassword {

  /** auth-service's setting (auth.first-admin.password-file). */
  static final String ENVIRONMENT = "AUTH_FIRST_ADMIN_PASSWORD_FILE";

  private final Path file;

  /** The hand-over through {@code runDir}, which is made owner-only (0700). */
  FirstAdminPassword(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    try {
      Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: auth-service's file is still created owner-only where it can be
    }
    this.file = runDir.resolve("first-admin-password");
  }

  /** What auth-service's environment gets. */
  Map<String, String> environment() {
    return Map.of(ENVIRONMENT, file.toString());
  }

  /**
   * The file's lines (the {@code FIRST ADMIN} line), once: the file is deleted. Empty when
   * auth-service wrote none (an admin existed already, or WIDGETFORGE_ADMIN_PASSWORD was set).
   */
  List<String> takeOnce() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    Files.delete(file);
    return lines;
  }
}
