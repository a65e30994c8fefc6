package com.widgetforge.devstack.stack;

import java.nio.file.Path;

/**
 * One deployable of the suite: its name, its Maven module, the port it serves on and the port of
 * its {@code /q/} management endpoints (the same port, unless it keeps them apart).
 */
public record Component(String name, String module, int port, int managementPort) {

  public Component(String name, String module, int port) {
    this(name, module, port, port);
  }

  /** The production start artifact, the same one each container image runs. */
  public Path runnerJar(Path root) {
    return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }
}
