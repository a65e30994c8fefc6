package com.widgetforge.account.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.widgetforge.account.provider.fivers.FiversCalls;
import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each account's provider status through the API, with WireMock standing in for The5ers: the last
 * error recorded and shown (safely), a good poll clearing it, and the open circuit reported.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "account"))
@QuarkusTestResource(TestTokens.class)
@QuarkusTestResource(FiversStub.class)
class ProviderStatusTest {

  private static final String INFO =
      "{\"balance\":100250.5,\"equity\":100410.25,\"margin\":0,\"freeMargin\":100410.25}";

  private static final String ADMIN =
      TestTokens.token(
          UUID.randomUUID().toString(), List.of("admin"), "s-status", Duration.ofMinutes(5));

  @Inject CircuitBreakerMaintenance circuits;

  private StubMapping everything;

  @AfterEach
  void closeTheCircuit() {
    if (everything != null) {
      FiversStub.server.removeStub(everything);
    }
    // The circuit guards every fivers account: other tests start with it closed.
    circuits.reset(FiversCalls.CIRCUIT);
  }

  /** A fivers account registered by an admin, answered on the stub at /api/account/{id}/... */
  private static String register(String providerId) {
    Response created =
        given()
            .auth()
            .oauth2(ADMIN)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "login",
                    Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L),
                    "server",
                    "FivePercentOnline-Real",
                    "provider",
                    "fivers",
                    "providerAccountId",
                    providerId,
                    "initialBalance",
                    100000))
            .post("/api/accounts");
    assertEquals(201, created.statusCode(), created.asString());
    return created.jsonPath().getString("id");
  }

  private static void answer(String providerId, String call, String body) {
    FiversStub.server.stubFor(
        get("/api/account/" + providerId + "/" + call).willReturn(okJson(body)));
  }

  @Test
  void anErrorAnswerIsShownUntilAGoodPollClearsIt() {
    String providerId = "S" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L);
    FiversStub.server.stubFor(
        get(urlPathMatching("/api/account/" + providerId + "/.*"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"error\":\"bad key test-fivers-key\",\"trace\":\"at x.y.Z\"}")));
    String id = register(providerId);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(ADMIN)
                    .get("/api/accounts/" + id)
                    .then()
                    .body("status.lastError", containsString("HTTP 401 (API key refused)"))
                    .body("status.lastErrorAt", notNullValue())
                    .body("status.lastSyncAt", nullValue())
                    .body("status.circuitOpen", equalTo(false)));
    // Nothing of the provider's body reaches the API: neither the key nor a trace.
    String shown = given().auth().oauth2(ADMIN).get("/api/accounts/" + id + "/status").asString();
    assertFalse(shown.contains(FiversStub.API_KEY) || shown.contains("x.y.Z"), shown);

    answer(providerId, "summary", "{\"tradingDays\":2,\"dayStartEquity\":100000}");
    answer(providerId, "positions", "{\"positions\":[]}");
    answer(providerId, "info", INFO);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(ADMIN)
                    .get("/api/accounts/" + id + "/status")
                    .then()
                    .statusCode(200)
                    .body("lastError", nullValue())
                    .body("lastSyncAt", notNullValue())
                    .body("stale", equalTo(false)));
    // The list shows the same status, read for all accounts at once.
    JsonPath list = given().auth().oauth2(ADMIN).get("/api/accounts").jsonPath();
    assertEquals(
        null, list.getString("find { it.id == '" + id + "' }.status.lastError"), list.prettify());
    assertFalse(list.getString("find { it.id == '" + id + "' }.status.lastSyncAt").isEmpty());
  }

  @Test
  void theOpenCircuitIsReportedOnEveryFiversAccount() {
    String providerId = "C" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L);
    answer(providerId, "summary", "{\"tradingDays\":2}");
    answer(providerId, "positions", "{\"positions\":[]}");
    answer(providerId, "info", INFO);
    String id = register(providerId);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(ADMIN)
                    .get("/api/accounts/" + id + "/status")
                    .then()
                    .body("lastSyncAt", notNullValue()));

    // The5ers fails for everyone: the breaker opens and polls stop reaching the API.
    everything =
        FiversStub.server.stubFor(
            get(urlPathMatching("/api/account/.*"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(ADMIN)
                    .get("/api/accounts/" + id + "/status")
                    .then()
                    .body("circuitOpen", equalTo(true))
                    .body("lastError", containsString("circuit open")));
  }

  @Test
  void anotherTradersAccountHasNoStatusToRead() {
    String trader =
        TestTokens.token(
            UUID.randomUUID().toString(), List.of("trader"), "s-status-t", Duration.ofMinutes(5));
    String id = register("N" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L));
    given().auth().oauth2(trader).get("/api/accounts/" + id + "/status").then().statusCode(404);
  }
}
