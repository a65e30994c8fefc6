package com.widgetforge.devstack.stack;

import java.nio.file.Path;

/** One deployable of the suite: its name, its Maven module and the port it listens on. */
public record Component(String name, String module, int port) {

  /** The production start artifact, the same one each container image runs. */
  public Path runnerJar(Path root) {
    return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }
}
