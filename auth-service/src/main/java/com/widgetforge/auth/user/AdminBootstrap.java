package com.widgetforge.auth.user;

import com.widgetforge.auth.AuthConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The first admin, on a database without one: from {@code WIDGETFORGE_ADMIN_EMAIL} / {@code
 * WIDGETFORGE_ADMIN_PASSWORD}, or with a one-time password printed once, here, and never stored in
 * clear. There is no default password.
 */
@ApplicationScoped
public class AdminBootstrap {

  /** Logged once; deploy/run-local shows it next to its ready line. */
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
              if (created.oneTimePassword() != null) {
                LOG.warnf(
                    "%s: %s with one-time password %s (change it after logging in; it is not shown again)",
                    BANNER, created.user().email, created.oneTimePassword());
              } else {
                LOG.infof(
                    "%s: %s, password from WIDGETFORGE_ADMIN_PASSWORD",
                    BANNER, created.user().email);
              }
            });
  }
}
