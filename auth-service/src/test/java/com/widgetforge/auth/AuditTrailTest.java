package com.widgetforge.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Security events on record as log lines (besides the audit table, {@link AuditRecordsTest}):
 * failed logins, refusals and admin actions, each an audit line.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class AuditTrailTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String log() throws Exception {
    return Files.readString(Path.of("target/auth-service-test.log"));
  }

  /** The log's messages, one per line (the test log file is JSON lines). */
  private static Stream<String> messages() throws Exception {
    return log()
        .lines()
        .map(
            line -> {
              try {
                return line.startsWith("{") ? JSON.readTree(line).path("message").asText() : line;
              } catch (Exception notJson) {
                return line;
              }
            });
  }

  private static void awaitLine(String... parts) {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              List<String> audit = messages().filter(m -> m.contains("audit event=")).toList();
              assertTrue(
                  audit.stream().anyMatch(line -> Stream.of(parts).allMatch(line::contains)),
                  "no audit line with " + List.of(parts) + " in " + audit);
            });
  }

  @Test
  void aFailedLoginIsRecordedWithItsAddressButAPasswordInTheWrongFieldIsNot() throws Exception {
    String address = TestSessions.freshAddress();
    String email = "nobody-" + UUID.randomUUID() + "@example.com";
    TestSessions.attempt(email, "wrong", address);
    awaitLine("audit event=login.failed", "target=\"" + email + "\"", "client=\"" + address + "\"");

    String typedInTheWrongField = "my secret pass phrase " + UUID.randomUUID();
    String other = TestSessions.freshAddress();
    TestSessions.attempt(typedInTheWrongField, "x", other);
    awaitLine("audit event=login.failed", "(not an e-mail address)", other);
    assertFalse(log().contains(typedInTheWrongField));
  }

  @Test
  void adminActionsAndRefusalsAreRecordedWithTheirActor() throws Exception {
    Login admin = TestSessions.admin();
    TestSessions.Account trader = TestSessions.newUser(admin, "trader");
    awaitLine(
        "audit event=admin.change",
        "outcome=\"ok\"",
        "target=\"/auth/users/" + trader.id() + "\"",
        "detail=\"POST /auth/users 201\"",
        "actor=\"" + admin.userId() + "\"");

    Login asTrader = TestSessions.login(trader.email(), trader.password());
    asTrader.request().get("/auth/users").then().statusCode(403);
    awaitLine(
        "audit event=request.refused",
        "outcome=\"refused\"",
        "detail=\"GET /auth/users 403\"",
        "actor=\"" + asTrader.userId() + "\"");

    given().get("/auth/users").then().statusCode(401);
    awaitLine(
        "audit event=request.refused", "actor=\"anonymous\"", "detail=\"GET /auth/users 401\"");
  }
}
