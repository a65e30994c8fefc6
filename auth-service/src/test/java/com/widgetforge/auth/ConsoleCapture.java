package com.widgetforge.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Copies what the test JVM writes to its standard output (the app's console) into a file ({@code
 * file} init arg) from before the app starts until it stops, so a test can read the console. A
 * file, not a field: test resources and tests may see different copies of a class.
 */
public class ConsoleCapture implements QuarkusTestResourceLifecycleManager {

  private Path file;
  private PrintStream original;
  private OutputStream copy;

  @Override
  public void init(Map<String, String> initArgs) {
    file = Path.of(initArgs.get("file"));
  }

  @Override
  public Map<String, String> start() {
    try {
      Files.deleteIfExists(file);
      Files.createDirectories(file.toAbsolutePath().getParent());
      copy = new FileOutputStream(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    original = System.out;
    OutputStream both =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            original.write(b);
            copy.write(b);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            original.write(bytes, offset, length);
            copy.write(bytes, offset, length);
          }

          @Override
          public void flush() throws IOException {
            original.flush();
            copy.flush();
          }
        };
    System.setOut(new PrintStream(both, true));
    return Map.of();
  }

  @Override
  public void stop() {
    System.setOut(original);
    try {
      copy.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
