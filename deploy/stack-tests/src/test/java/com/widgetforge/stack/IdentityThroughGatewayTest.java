package com.widgetforge.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Identity across the suite, through the gateway, as a browser and an admin use it. */
class IdentityThroughGatewayTest {

  private static LocalStack stack;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
  }

  private Browser login(String email, String password) throws Exception {
    return Browser.login(stack.gatewayUrl(), email, password);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return Browser.send(request);
  }

  @Test
  void bootstrapAdminCreatesATraderWhoLogsInAndIsNamedOnAuthUsers() throws Exception {
    Browser admin = login(StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    String email = "trader-" + UUID.randomUUID() + "@stack.test";
    String oneTime = "Set by the admin " + UUID.randomUUID();
    String password = "Trader pass phrase " + UUID.randomUUID();
    HttpResponse<String> created =
        send(
            admin
                .request(stack.gatewayUrl() + "/auth/users")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        json.writeValueAsString(
                            Map.of(
                                "email",
                                email,
                                "displayName",
                                "Gold Bug",
                                "role",
                                "trader",
                                "password",
                                oneTime))))
                .build());
    assertEquals(201, created.statusCode(), created.body());
    String traderId = json.readTree(created.body()).get("user").get("id").asText();
    Browser.chooseOwnPassword(stack.gatewayUrl(), email, oneTime, password);

    Browser trader = login(email, password);
    JsonNode me =
        json.readTree(send(trader.request(stack.gatewayUrl() + "/auth/me").GET().build()).body());
    assertEquals("Gold Bug", me.get("displayName").asText());

    List<ConsumerRecord<String, String>> users =
        TopicReader.read(
            stack.infrastructure().kafkaBootstrapServers(),
            "auth.users",
            "earliest",
            got -> got.stream().anyMatch(r -> r.key().equals(traderId)),
            Duration.ofSeconds(15));
    JsonNode event =
        json.readTree(
            users.stream().filter(r -> r.key().equals(traderId)).findFirst().orElseThrow().value());
    assertEquals("Gold Bug", event.get("displayName").asText());
    assertEquals("trader", event.get("role").asText());
  }

  @Test
  void priceServiceTrustsAuthServicesTokensAndDropsALoggedOutSessionWithinASecond()
      throws Exception {
    String terminals = stack.gatewayUrl() + "/api/prices/terminals";
    // Warm-up: price-service's revocation consumer must have joined its group before we time it.
    Browser warmUp = login(StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    send(
        warmUp
            .request(stack.gatewayUrl() + "/auth/logout")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> send(warmUp.request(terminals).GET().build()).statusCode() == 401);

    Browser admin = login(StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    assertEquals(
        401, send(HttpRequest.newBuilder(URI.create(terminals)).GET().build()).statusCode());
    HttpResponse<String> allowed = send(admin.request(terminals).GET().build());
    assertEquals(200, allowed.statusCode(), allowed.body());

    // auth-service is the authority; price-service learns of the logout from auth.sessions only.
    assertEquals(
        204,
        send(admin
                .request(stack.gatewayUrl() + "/auth/logout")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build())
            .statusCode());
    long loggedOut = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> send(admin.request(terminals).GET().build()).statusCode() == 401);
    assertTrue(System.nanoTime() - loggedOut < Duration.ofSeconds(1).toNanos());
  }

  @Test
  void anApiKeyWorksAtPriceServiceThroughTheGatewayUntilRevoked() throws Exception {
    Browser admin = login(StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    HttpResponse<String> created =
        send(
            admin
                .request(stack.gatewayUrl() + "/auth/api-keys")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"monitoring\",\"scope\":\"prices:admin\"}"))
                .build());
    assertEquals(201, created.statusCode(), created.body());
    JsonNode key = json.readTree(created.body());
    String terminals = stack.gatewayUrl() + "/api/prices/terminals";
    HttpRequest withKey =
        HttpRequest.newBuilder(URI.create(terminals))
            .header("X-API-Key", key.get("secret").asText())
            .GET()
            .build();
    assertEquals(200, send(withKey).statusCode());

    assertEquals(
        204,
        send(admin
                .request(stack.gatewayUrl() + "/auth/api-keys/" + key.get("key").get("id").asText())
                .DELETE()
                .build())
            .statusCode());
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> send(withKey).statusCode() == 401);
  }
}
