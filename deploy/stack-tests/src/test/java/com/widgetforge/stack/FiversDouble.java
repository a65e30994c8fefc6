package com.widgetforge.stack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.Map;

/**
 * A WireMock stand-in for The5ers' read-only API ({@code GET /api/account/{id}/info|positions|
 * summary}, Bearer API key), started in the test JVM before the shared suite, whose account-service
 * gets {@code FIVERS_URL} and {@code FIVERS_API_KEY} pointing at it. Each test answers for provider
 * account ids of its own, so tests never see each other's answers.
 */
public final class FiversDouble {

  /** The firm's API key as the suite is configured with it: a test value. */
  public static final String API_KEY = "stack-test-fivers-key";

  private static WireMockServer server;

  private FiversDouble() {}

  /** The running double, started on first use and stopped when the JVM ends. */
  public static synchronized WireMockServer server() {
    if (server == null) {
      WireMockServer started =
          new WireMockServer(
              WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
      started.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "fivers-double-shutdown"));
      server = started;
    }
    return server;
  }

  /** What account-service needs to read The5ers' API from the double. */
  static Map<String, String> environment() {
    return Map.of("FIVERS_URL", server().baseUrl(), "FIVERS_API_KEY", API_KEY);
  }

  /**
   * Answers for {@code providerId} as The5ers does for a healthy account: its balance and equity,
   * no open positions, and {@code tradingDays} days traded. Only with the right API key.
   */
  public static void answer(String providerId, String balance, String equity, int tradingDays) {
    stub(
        providerId,
        "info",
        "{\"balance\":"
            + balance
            + ",\"equity\":"
            + equity
            + ",\"margin\":0,\"freeMargin\":"
            + equity
            + ",\"currency\":\"USD\"}");
    stub(providerId, "positions", "{\"positions\":[]}");
    stub(providerId, "summary", "{\"tradingDays\":" + tradingDays + "}");
  }

  /**
   * Every call for {@code providerId} answers HTTP {@code status} (with a body never to be shown)
   * until the returned stub is removed.
   */
  public static StubMapping fail(String providerId, int status) {
    return server()
        .stubFor(
            get(urlPathMatching("/api/account/" + providerId + "/.*"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(status)
                        .withBody("{\"error\":\"internal detail that must not be shown\"}")));
  }

  private static void stub(String providerId, String call, String body) {
    server()
        .stubFor(
            get("/api/account/" + providerId + "/" + call)
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .willReturn(okJson(body)));
  }
}
