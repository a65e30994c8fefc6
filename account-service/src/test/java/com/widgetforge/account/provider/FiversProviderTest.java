package com.widgetforge.account.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.widgetforge.account.provider.fivers.FiversProvider;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Contract tests of the fivers client against WireMock: every answer the API can give. */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "account"))
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(FiversStub.class)
class FiversProviderTest {

  private static final String INFO =
      "{\"balance\":100250.5,\"equity\":100410.25,\"margin\":1200,\"freeMargin\":99210.25,\"currency\":\"USD\"}";

  @Inject FiversProvider fivers;

  @ConfigProperty(name = "account.polling.request-floor")
  java.time.Duration floor;

  private static final List<String> ACCOUNTS = new ArrayList<>();
  private static long floorMillis;

  @org.junit.jupiter.api.BeforeEach
  void rememberFloor() {
    floorMillis = floor.toMillis();
  }

  /** A fresh account on the stub: its id is its own URL path, so tests never share requests. */
  private static ProviderAccount account() {
    UUID id = UUID.randomUUID();
    String providerId = "T" + Math.abs(id.getMostSignificantBits() % 1_000_000_000L);
    synchronized (ACCOUNTS) {
      ACCOUNTS.add(providerId);
    }
    return new ProviderAccount(
        id, providerId, 1L, "srv", BigDecimal.TEN, "USD", Instant.now(), () -> null, "fivers");
  }

  private static String path(ProviderAccount account, String call) {
    return "/api/account/" + account.providerId() + "/" + call;
  }

  private static List<LoggedRequest> requestsOf(ProviderAccount account) {
    return FiversStub.server.findAll(
        getRequestedFor(urlPathMatching("/api/account/" + account.providerId() + "/.*")));
  }

  @Test
  void readsInfoWithTheBearerApiKey() {
    ProviderAccount account = account();
    FiversStub.server.stubFor(
        get(path(account, "info"))
            .withHeader("Authorization", equalTo("Bearer " + FiversStub.API_KEY))
            .willReturn(okJson(INFO)));
    var info = fivers.info(account);
    assertEquals(new BigDecimal("100410.25"), info.equity());
    assertEquals("USD", info.currency());
  }

  @Test
  void readsPositionsAndSummary() {
    ProviderAccount account = account();
    FiversStub.server.stubFor(
        get(path(account, "positions"))
            .willReturn(
                okJson(
                    "{\"positions\":[{\"symbol\":\"XAUUSD\",\"volume\":1.5,\"profit\":-120.4,\"openTime\":\"2026-03-09T14:00:00Z\"}]}")));
    FiversStub.server.stubFor(
        get(path(account, "summary"))
            .willReturn(okJson("{\"tradingDays\":6,\"dayStartEquity\":100100}")));
    assertEquals("XAUUSD", fivers.positions(account).positions().get(0).symbol());
    assertEquals(6, fivers.summary(account).tradingDays());
  }

  @Test
  void readsAnApiThatAnswersInSnakeCaseWithNumbersAsStrings() {
    ProviderAccount account = account();
    FiversStub.server.stubFor(
        get(path(account, "info"))
            .willReturn(
                okJson(
                    "{\"balance\":\"100250.50\",\"equity\":100410.25,\"margin\":1200,"
                        + "\"free_margin\":\"99210.25\",\"currency\":\"USD\"}")));
    FiversStub.server.stubFor(
        get(path(account, "positions"))
            .willReturn(
                okJson(
                    "[{\"symbol\":\"XAUUSD\",\"volume\":\"1.5\",\"profit\":-120.4,"
                        + "\"open_time\":1773064800}]")));
    FiversStub.server.stubFor(
        get(path(account, "summary"))
            .willReturn(okJson("{\"trading_days\":6,\"day_start_equity\":\"100100\"}")));
    var info = fivers.info(account);
    assertEquals(new BigDecimal("99210.25"), info.freeMargin());
    assertEquals(new BigDecimal("100250.50"), info.balance());
    var position = fivers.positions(account).positions().get(0);
    assertEquals(new BigDecimal("1.5"), position.volume());
    assertEquals(Instant.parse("2026-03-09T14:00:00Z"), position.openTime());
    var summary = fivers.summary(account);
    assertEquals(6, summary.tradingDays());
    assertEquals(new BigDecimal("100100"), summary.dayStartEquity());
  }

  @Test
  void fieldsNoMetricNeedsMayBeMissingOrOdd() {
    ProviderAccount account = account();
    FiversStub.server.stubFor(
        get(path(account, "info"))
            .willReturn(okJson("{\"balance\":100000,\"equity\":100250.5,\"margin\":\"n/a\"}")));
    var info = fivers.info(account);
    assertEquals(new BigDecimal("100250.5"), info.equity());
    assertEquals(null, info.margin());
    assertEquals(null, info.freeMargin());
    assertEquals(null, info.currency());
  }

  @Test
  void aFieldMissingInEverySpellingIsStillRefused() {
    ProviderAccount account = account();
    FiversStub.server.stubFor(
        get(path(account, "info"))
            .willReturn(
                okJson("{\"balance\":1,\"equity\":\"lots\",\"margin\":0,\"currency\":\"USD\"}")));
    ProviderException e = assertThrows(ProviderException.class, () -> fivers.info(account));
    assertTrue(e.getMessage().contains("equity"), e.getMessage());
  }

  @Test
  void unauthorizedAndNotFoundAreNotRetried() {
    for (int status : new int[] {401, 404}) {
      ProviderAccount account = account();
      FiversStub.server.stubFor(
          get(path(account, "info")).willReturn(aResponse().withStatus(status)));
      ProviderException e = assertThrows(ProviderException.class, () -> fivers.info(account));
      assertFalse(e instanceof ProviderException.Transient, "HTTP " + status);
      assertEquals(status, e.status().orElseThrow());
      assertEquals(1, requestsOf(account).size());
    }
  }

  @Test
  void malformedJsonIsAClearErrorAndNotRetried() {
    ProviderAccount account = account();
    FiversStub.server.stubFor(get(path(account, "info")).willReturn(okJson("{\"balance\": 1,")));
    ProviderException e = assertThrows(ProviderException.class, () -> fivers.info(account));
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    assertEquals(1, requestsOf(account).size());
  }

  @Test
  void tooManyRequestsIsRetriedNoSoonerThanRetryAfter() {
    ProviderAccount account = account();
    FiversStub.server.stubFor(
        get(path(account, "info"))
            .inScenario("429-" + account.providerId())
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3"))
            .willSetStateTo("ok"));
    FiversStub.server.stubFor(
        get(path(account, "info"))
            .inScenario("429-" + account.providerId())
            .whenScenarioStateIs("ok")
            .willReturn(okJson(INFO)));
    assertEquals(new BigDecimal("100250.5"), fivers.info(account).balance());
    List<LoggedRequest> requests = requestsOf(account);
    assertEquals(2, requests.size());
    long gap =
        requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
    assertTrue(gap >= 3_000, "retried after " + gap + " ms despite Retry-After: 3");
  }

  @Test
  void serverErrorsAreRetriedWithBackoffThenGivenUp() {
    ProviderAccount flaky = account();
    FiversStub.server.stubFor(
        get(path(flaky, "info"))
            .inScenario("5xx-" + flaky.providerId())
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("second"));
    FiversStub.server.stubFor(
        get(path(flaky, "info"))
            .inScenario("5xx-" + flaky.providerId())
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("ok"));
    FiversStub.server.stubFor(
        get(path(flaky, "info"))
            .inScenario("5xx-" + flaky.providerId())
            .whenScenarioStateIs("ok")
            .willReturn(okJson(INFO)));
    assertEquals(new BigDecimal("100410.25"), fivers.info(flaky).equity());
    assertEquals(3, requestsOf(flaky).size());

    ProviderAccount down = account();
    FiversStub.server.stubFor(get(path(down, "summary")).willReturn(aResponse().withStatus(500)));
    assertInstanceOf(
        ProviderException.Transient.class,
        assertThrows(RuntimeException.class, () -> fivers.summary(down)));
    assertEquals(4, requestsOf(down).size(), "one try and three retries");
  }

  @Test
  void aTimeoutIsRetriedAndTheNextAnswerUsed() {
    ProviderAccount account = account();
    FiversStub.server.stubFor(
        get(path(account, "info"))
            .inScenario("slow-" + account.providerId())
            .whenScenarioStateIs(STARTED)
            // Longer than the read timeout (1 s in tests, 5 s in production).
            .willReturn(okJson(INFO).withFixedDelay(2_000))
            .willSetStateTo("fast"));
    FiversStub.server.stubFor(
        get(path(account, "info"))
            .inScenario("slow-" + account.providerId())
            .whenScenarioStateIs("fast")
            .willReturn(okJson(INFO)));
    assertEquals(new BigDecimal("100410.25"), fivers.info(account).equity());
    assertEquals(2, requestsOf(account).size());
  }

  @Test
  void anAnswerThatCannotBeReadIsLoggedOncePerAccountNotOnEveryPoll() throws Exception {
    ProviderAccount stub = account();
    FiversStub.server.stubFor(
        get(path(stub, "summary")).willReturn(okJson("{\"tradingDays\":1,\"dayStartEquity\":1}")));
    FiversStub.server.stubFor(
        get(path(stub, "positions")).willReturn(okJson("{\"positions\":[]}")));
    FiversStub.server.stubFor(
        get(path(stub, "info")).willReturn(okJson("{\"balance\":1,\"margin\":0}")));
    // An admin registers a 5ers account for a trader.
    String admin =
        TestTokens.token(
            UUID.randomUUID().toString(), List.of("admin"), "s-log-once", Duration.ofMinutes(5));
    Response created =
        given()
            .auth()
            .oauth2(admin)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "login",
                    Math.abs(stub.id().getLeastSignificantBits() % 1_000_000_000L),
                    "server",
                    "FivePercentOnline-Real",
                    "provider",
                    "fivers",
                    "providerAccountId",
                    stub.providerId(),
                    "initialBalance",
                    100000))
            .post("/api/accounts");
    assertEquals(201, created.statusCode(), created.asString());
    String id = created.jsonPath().getString("id");

    // Every info poll fails the same way ("equity" missing): one WARN, then quiet.
    await().atMost(Duration.ofSeconds(20)).until(() -> infoCalls(stub) >= 4);
    assertEquals(1, pollFailuresLogged(id));

    // Once an answer is read again, the next failure is news and is logged again.
    FiversStub.server.stubFor(get(path(stub, "info")).willReturn(okJson(INFO)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                given().auth().oauth2(admin).get("/api/accounts/" + id + "/snapshot").statusCode()
                    == 200);
    int before = infoCalls(stub);
    FiversStub.server.stubFor(
        get(path(stub, "info")).willReturn(okJson("{\"balance\":1,\"margin\":0}")));
    await().atMost(Duration.ofSeconds(20)).until(() -> infoCalls(stub) >= before + 3);
    assertEquals(2, pollFailuresLogged(id));
  }

  private static int infoCalls(ProviderAccount account) {
    return FiversStub.server
        .findAll(getRequestedFor(urlPathMatching(path(account, "info"))))
        .size();
  }

  private static long pollFailuresLogged(String accountId) throws java.io.IOException {
    try (var lines = Files.lines(Path.of("target/account-service-test.log"))) {
      return lines.filter(l -> l.contains(accountId) && l.contains("poll failed:")).count();
    }
  }

  /** Runs last in effect: every request this class made, per account, honoured the floor. */
  @AfterAll
  static void noAccountEverGotTwoRequestsWithinTheFloor() {
    Map<String, List<LoggedRequest>> byAccount =
        FiversStub.server.getAllServeEvents().stream()
            .map(e -> e.getRequest())
            .collect(Collectors.groupingBy(r -> r.getUrl().split("/")[3]));
    assertFalse(byAccount.isEmpty());
    byAccount.forEach(
        (account, requests) -> {
          requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
          for (int i = 1; i < requests.size(); i++) {
            long gap =
                requests.get(i).getLoggedDate().getTime()
                    - requests.get(i - 1).getLoggedDate().getTime();
            assertTrue(gap >= floorMillis, account + ": two requests " + gap + " ms apart");
          }
        });
  }
}
