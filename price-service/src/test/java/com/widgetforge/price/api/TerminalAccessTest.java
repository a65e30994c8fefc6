package com.widgetforge.price.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.testing.DevStackTestResource;
import com.widgetforge.devstack.testing.TestTokens;
import com.widgetforge.devstack.testing.TopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "price"))
@QuarkusTestResource(TestTokens.class)
class TerminalAccessTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private static String token(List<String> groups, String sessionId) {
    return TestTokens.token(UUID.randomUUID().toString(), groups, sessionId, Duration.ofMinutes(5));
  }

  private static Response terminalsWith(String token) {
    return given().cookie("__Host-wf_session", token).get("/api/prices/terminals");
  }

  @Test
  void onlyAdminsAndPricesAdminKeysReadTerminalStates() {
    assertEquals(401, given().get("/api/prices/terminals").statusCode());
    assertEquals(
        403, terminalsWith(token(List.of("trader"), "s-" + UUID.randomUUID())).statusCode());
    assertEquals(
        200,
        given()
            .auth()
            .oauth2(token(List.of("prices:admin"), "key-" + UUID.randomUUID()))
            .get("/api/prices/terminals")
            .statusCode(),
        "API-key tokens come as a bearer header");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Response admin = terminalsWith(token(List.of("admin"), "s-" + UUID.randomUUID()));
              assertEquals(200, admin.statusCode());
              assertEquals(List.of("sim-1", "sim-2"), admin.jsonPath().getList("terminalId"));
              assertTrue(admin.jsonPath().getList("state").contains("connected"), admin.asString());
            });
  }

  @Test
  void anApiKeyIsExchangedOnceAtAuthServiceThenServedFromCache() {
    int before = TestTokens.EXCHANGES.get();
    for (int i = 0; i < 3; i++) {
      assertEquals(
          200,
          given()
              .header("X-API-Key", TestTokens.PRICES_ADMIN_KEY)
              .get("/api/prices/terminals")
              .statusCode());
    }
    assertEquals(before + 1, TestTokens.EXCHANGES.get());
    assertEquals(
        401, given().header("X-API-Key", "wf_unknown").get("/api/prices/terminals").statusCode());
  }

  @Test
  void expiredOrSessionlessTokensAreRefused() {
    String expired =
        TestTokens.token("u", List.of("admin"), "s-" + UUID.randomUUID(), Duration.ofMinutes(-1));
    assertEquals(401, terminalsWith(expired).statusCode());
    assertEquals(401, terminalsWith("not.a.jwt").statusCode());
  }

  @Test
  void publicPricesIgnoreABadCookie() {
    assertEquals(
        200,
        given().cookie("__Host-wf_session", "garbage").get("/api/prices/symbols").statusCode());
  }

  @Test
  void aRevokedSessionIsRefusedHereWithinOneSecondWithoutAskingAuthService() throws Exception {
    try (KafkaProducer<String, String> producer = TopicWriter.open(bootstrapServers)) {
      // First make sure this instance's revocation consumer is assigned and reading.
      String warmUp = "s-" + UUID.randomUUID();
      String warmUpToken = token(List.of("admin"), warmUp);
      revoke(producer, warmUp);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> terminalsWith(warmUpToken).statusCode() == 401);

      String sessionId = "s-" + UUID.randomUUID();
      String token = token(List.of("admin"), sessionId);
      assertEquals(200, terminalsWith(token).statusCode());
      revoke(producer, sessionId);
      await()
          .atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> terminalsWith(token).statusCode() == 401);
    }
  }

  private static void revoke(KafkaProducer<String, String> producer, String sessionId)
      throws Exception {
    String event =
        "{\"v\":1,\"sessionId\":\"%s\",\"userId\":\"%s\",\"reason\":\"logout\",\"timeMsc\":%d}"
            .formatted(sessionId, UUID.randomUUID(), System.currentTimeMillis());
    producer.send(new ProducerRecord<>("auth.sessions", sessionId, event)).get();
  }
}
