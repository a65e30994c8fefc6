package com.widgetforge.account.provider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A WireMock stand-in for The5ers' API, on a free port, with the API key the service must send. */
public class FiversStub implements QuarkusTestResourceLifecycleManager {

  public static final String API_KEY = "test-fivers-key";
  static WireMockServer server;

  @Override
  public synchronized Map<String, String> start() {
    if (server == null) {
      server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
      server.start();
    }
    return Map.of(
        "quarkus.rest-client.fivers.url", server.baseUrl(), "account.fivers.api-key", API_KEY);
  }

  @Override
  public void stop() {
    // Shared by every Quarkus start in this JVM.
  }
}
