package com.widgetforge.auth.user;

import com.widgetforge.auth.AuthConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first admin, on a database without one: from {@code WIDGETFORGE_ADMIN_EMAIL} / {@code
 * WIDGETFORGE_ADMIN_PASSWORD}, or with a one-time password handed over once and never stored in
 * clear. There is no default password. The one-time password never goes to the log: it is written
 * to {@code auth.first-admin.password-file} (owner-only) when that is set, else to the console.
 */
@ApplicationScoped
public class AdminBootstrap {

  /** Starts the line with the one-time password; deploy/run-local shows it by its ready line. */
  public static final String BANNER = "FIRST ADMIN";

  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

  void onStart(
      @Observes @jakarta.annotation.Priority(10) StartupEvent started,
      UserService users,
      AuthConfig config) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              if (User.anyAdmin()) {
                return;
              }
              String email = config.bootstrap().adminEmail();
              String password =
                  config.bootstrap().adminPassword().filter(p -> !p.isBlank()).orElse(null);
              UserService.WithPassword created =
                  users.create(email, "Administrator", "admin", password);
              // Nobody could reset the first admin's password: it never expires. One from
              // WIDGETFORGE_ADMIN_PASSWORD is the operator's own choice and stays; a generated
              // one has to be changed at the first login.
              created.user().passwordExpiresAt = null;
              created.user().mustChangePassword = created.oneTimePassword() != null;
              if (created.oneTimePassword() == null) {
                LOG.infof(
                    "%s: %s, password from WIDGETFORGE_ADMIN_PASSWORD",
                    BANNER, created.user().email);
                return;
              }
              String line =
                  String.format(
                      "%s: %s with one-time password %s (change it after logging in; it is not"
                          + " shown again)",
                      BANNER, created.user().email, created.oneTimePassword());
              Optional<String> file = config.firstAdmin().passwordFile();
              if (file.isPresent()) {
                // Written before the admin is committed: if the file cannot be written, the
                // start fails and no admin exists whose password nobody knows.
                Path written = writeOwnerOnly(Path.of(file.get()), line);
                LOG.warnf(
                    "first admin %s created; its one-time password is in %s (owner-only; delete"
                        + " it once read)",
                    created.user().email, written);
              } else {
                // Straight to the process's standard output, past the logging framework, so no
                // log handler (a log file, a shipper reading the log) ever gets it.
                System.out.println(line);
                System.out.flush();
                LOG.warnf(
                    "first admin %s created; its one-time password is printed on the console"
                        + " (standard output), not in the log",
                    created.user().email);
              }
            });
  }

  /**
   * Writes {@code text} to {@code file}, readable by this user only (0600), replacing the file
   * atomically: a temporary file is created owner-only and renamed, so the text is never in a file
   * others could read, and a symbolic link at {@code file} is replaced rather than followed.
   */
  static Path writeOwnerOnly(Path file, String text) {
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Path temp =
          target.getFileSystem().supportedFileAttributeViews().contains("posix")
              ? Files.createTempFile(
                  target.getParent(),
                  ".first-admin",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(target.getParent(), ".first-admin", ".tmp");
      try {
        Files.writeString(temp, text + System.lineSeparator());
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the first admin's one-time password to "
              + target
              + " (auth.first-admin.password-file)",
          e);
    }
  }
}
