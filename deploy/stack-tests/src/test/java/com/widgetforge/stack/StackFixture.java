package com.widgetforge.stack;

import com.widgetforge.devstack.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the suite exactly as deploy/run-local does, on free ports with throw-away data. */
public final class StackFixture {

  private StackFixture() {}

  public static LocalStack start(String name) throws IOException {
    Path root =
        Path.of(System.getProperty("widgetforge.root", "../..")).toAbsolutePath().normalize();
    List<String> progress = new ArrayList<>();
    try {
      return LocalStack.start(
          LocalStack.Options.forTests(root, Path.of("target", "stack-logs", name)), progress::add);
    } catch (RuntimeException | IOException e) {
      throw new IllegalStateException(
          "stack did not start after " + progress + ": " + e.getMessage(), e);
    }
  }
}
