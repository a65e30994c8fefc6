package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A trader's prop account on the simulated provider, end to end through the gateway. */
class AccountsThroughGatewayTest {

  private static LocalStack stack;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return Browser.send(request);
  }

  @Test
  void aNewSimulatedAccountsSnapshotsArriveOnKafkaAndInTheHistoryApi() throws Exception {
    Browser admin =
        Browser.login(stack.gatewayUrl(), StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);

    String secret = "Inv3stor!stack";
    HttpResponse<String> created =
        send(
            admin
                .request(stack.gatewayUrl() + "/api/accounts")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        json.writeValueAsString(
                            Map.of(
                                "login",
                                50099001,
                                "server",
                                "FivePercentOnline-Demo",
                                "provider",
                                "simulated",
                                "investorPassword",
                                secret,
                                "initialBalance",
                                100000,
                                "maxDailyLossPct",
                                5,
                                "maxTotalLossPct",
                                10,
                                "profitTargetPct",
                                8))))
                .build());
    assertEquals(201, created.statusCode(), created.body());
    assertFalse(created.body().contains(secret));
    String id = json.readTree(created.body()).get("id").asText();

    var records =
        TopicReader.read(
            stack.infrastructure().kafkaBootstrapServers(),
            "account.snapshots",
            "earliest",
            got -> got.stream().anyMatch(r -> r.key().equals(id)),
            Duration.ofSeconds(30));
    String event =
        records.stream().filter(r -> r.key().equals(id)).findFirst().orElseThrow().value();
    AsyncApiContract.load().assertConforms("account.snapshots", event);
    JsonNode snapshot = json.readTree(event);
    assertTrue(snapshot.get("equity").asDouble() > 0);

    HttpRequest history =
        admin
            .request(stack.gatewayUrl() + "/api/accounts/" + id + "/history?step=PT1M")
            .GET()
            .build();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> json.readTree(send(history).body()).path("points").size() >= 1);
    assertEquals(
        401,
        send(HttpRequest.newBuilder(
                    URI.create(stack.gatewayUrl() + "/api/accounts/" + id + "/history"))
                .GET()
                .build())
            .statusCode());
  }
}
