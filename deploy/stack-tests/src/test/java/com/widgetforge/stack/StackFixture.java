package com.widgetforge.stack;

import com.widgetforge.devstack.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Starts the suite exactly as deploy/run-local does, on free ports with throw-away data. */
public final class StackFixture {

  /**
   * The first admin every test stack bootstraps (auth-service reads these from the environment).
   */
  public static final String ADMIN_EMAIL = "admin@stack.test";

  public static final String ADMIN_PASSWORD = "Stack admin " + UUID.randomUUID();

  private StackFixture() {}

  public static LocalStack start(String name) throws IOException {
    Path root =
        Path.of(System.getProperty("widgetforge.root", "../..")).toAbsolutePath().normalize();
    List<String> progress = new ArrayList<>();
    try {
      return LocalStack.start(
          LocalStack.Options.forTests(
              root,
              Path.of("target", "stack-logs", name),
              Map.of(
                  "WIDGETFORGE_ADMIN_EMAIL",
                  ADMIN_EMAIL,
                  "WIDGETFORGE_ADMIN_PASSWORD",
                  ADMIN_PASSWORD)),
          progress::add);
    } catch (RuntimeException | IOException e) {
      throw new IllegalStateException(
          "stack did not start after " + progress + ": " + e.getMessage(), e);
    }
  }
}
