package com.widgetforge.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.auth.apikey.ServiceKeyProvisioning;
import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Service keys provisioned from configuration: auth-service creates them at start, and a restart
 * with another configuration (here {@link ServiceKeyProvisioning#provision} with it) replaces or
 * revokes them.
 */
@QuarkusTest
@TestProfile(ServiceKeyProvisioningTest.Provisioned.class)
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class ServiceKeyProvisioningTest {

  private static final Path LOG = Path.of("target/auth-service-keys-test.log");
  private static final String CONFIGURED = secret();

  /** widget-service's key, configured as deploy/run-local does it. */
  public static class Provisioned implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = FirstAdminTest.everyLevelTo(LOG);
      // This JVM's test client (RestAssured's Apache HttpClient) logs the X-API-Key headers it
      // sends at DEBUG; only the service's own records are checked here.
      config.put("quarkus.log.category.\"org.apache.http\".level", "INFO");
      config.put("auth.service-keys.\"widget-service\".secret", CONFIGURED);
      config.put("auth.service-keys.\"widget-service\".scope", "accounts:read");
      return config;
    }
  }

  record Key(String secret, String scope) implements com.widgetforge.auth.AuthConfig.ServiceKey {}

  @Inject ServiceKeyProvisioning provisioning;

  private static String secret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "wf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A restart with widget-service's key and {@code others}. */
  private void restartWith(Map<String, Key> others) {
    Map<String, Key> configured = new HashMap<>(others);
    configured.put("widget-service", new Key(CONFIGURED, "accounts:read"));
    provisioning.provision(configured);
  }

  private static io.restassured.response.Response exchange(String secret) {
    return given().header("X-API-Key", secret).post("/auth/token");
  }

  private static String token(String secret) {
    io.restassured.response.Response token = exchange(secret);
    assertEquals(200, token.statusCode(), token.asString());
    return token.jsonPath().getString("accessToken");
  }

  private static Map<String, Object> listed(Login admin, String name) {
    List<Map<String, Object>> keys =
        admin
            .request()
            .get("/auth/api-keys")
            .jsonPath()
            .getList("findAll { it.name == '" + name + ServiceKeyProvisioning.NAME_SUFFIX + "' }");
    return keys.isEmpty() ? null : keys.get(0);
  }

  @Test
  void theConfiguredKeyExistsAtStartAndExchangesForAScopedToken() {
    Login admin = TestSessions.admin();
    Map<String, Object> key = listed(admin, "widget-service");
    assertNotNull(key, admin.request().get("/auth/api-keys").asString());
    assertEquals(true, key.get("provisioned"));
    assertEquals("accounts:read", key.get("scope"));
    assertNull(key.get("revokedAt"));
    JsonPath claims = JsonPath.from(TestSessions.claims(token(CONFIGURED)).toString());
    assertEquals(List.of("accounts:read"), claims.getList("groups"));
    assertEquals("apikey:" + key.get("id"), claims.getString("sub"));
    assertFalse(
        admin.request().get("/auth/api-keys").asString().contains(CONFIGURED),
        "never listed with its secret");
  }

  @Test
  void aNewSecretReplacesTheKeyAndTheOldSecretAndItsTokensStopWorking() {
    Login admin = TestSessions.admin();
    String first = secret();
    restartWith(Map.of("replaced", new Key(first, "prices:admin")));
    String issued = token(first);
    assertEquals(403, given().auth().oauth2(issued).get("/auth/me").statusCode(), "live");
    String firstId = (String) listed(admin, "replaced").get("id");

    restartWith(Map.of("replaced", new Key(first, "prices:admin")));
    assertEquals(firstId, listed(admin, "replaced").get("id"), "an unchanged entry is kept");

    String second = secret();
    restartWith(Map.of("replaced", new Key(second, "prices:admin")));
    assertEquals(401, exchange(first).statusCode(), "the old secret stops working");
    assertEquals(
        401, given().auth().oauth2(issued).get("/auth/me").statusCode(), "and so do its tokens");
    assertEquals(200, exchange(second).statusCode());
    List<Map<String, Object>> rows =
        admin
            .request()
            .get("/auth/api-keys")
            .jsonPath()
            .getList("findAll { it.name == 'replaced (provisioned)' }");
    assertEquals(2, rows.size(), rows.toString());
    assertEquals(
        1, rows.stream().filter(row -> row.get("revokedAt") == null).count(), "one live key");

    restartWith(Map.of("replaced", new Key(first, "prices:admin")));
    assertEquals(401, exchange(first).statusCode(), "going back does not revive the old secret");
    assertEquals(
        401, exchange(second).statusCode(), "and the newer one is not configured any more");
  }

  @Test
  void removingTheEntryRevokesItsKey() {
    Login admin = TestSessions.admin();
    String removed = secret();
    restartWith(Map.of("removed", new Key(removed, "accounts:read")));
    String issued = token(removed);
    restartWith(Map.of());
    assertEquals(401, exchange(removed).statusCode());
    assertEquals(401, given().auth().oauth2(issued).get("/auth/me").statusCode());
    assertNotNull(listed(admin, "removed").get("revokedAt"));
    assertEquals(200, exchange(CONFIGURED).statusCode(), "the other entries are untouched");
  }

  @Test
  void aKeyAnAdminRevokedStaysRevokedUntilItsSecretChanges() {
    Login admin = TestSessions.admin();
    String revoked = secret();
    restartWith(Map.of("revoked", new Key(revoked, "accounts:read")));
    admin
        .request()
        .delete("/auth/api-keys/" + listed(admin, "revoked").get("id"))
        .then()
        .statusCode(204);
    restartWith(Map.of("revoked", new Key(revoked, "accounts:read")));
    assertEquals(401, exchange(revoked).statusCode(), "a revoked secret is never revived");

    String fresh = secret();
    restartWith(Map.of("revoked", new Key(fresh, "accounts:read")));
    assertEquals(200, exchange(fresh).statusCode());
  }

  @Test
  void unacceptableEntriesStopTheStartWithoutNamingTheSecret() throws Exception {
    String used = secret();
    restartWith(Map.of("scoped", new Key(used, "accounts:read")));
    IllegalStateException scopeChanged =
        assertThrows(
            IllegalStateException.class,
            () -> restartWith(Map.of("scoped", new Key(used, "prices:admin"))));
    assertTrue(
        scopeChanged.getMessage().contains("auth.service-keys.\"scoped\".scope changed"),
        scopeChanged.getMessage());
    IllegalStateException taken =
        assertThrows(
            IllegalStateException.class,
            () -> restartWith(Map.of("copy", new Key(used, "accounts:read"))));
    assertTrue(
        taken.getMessage().contains("already the secret of another API key"), taken.getMessage());
    IllegalStateException weak =
        assertThrows(
            IllegalStateException.class,
            () -> restartWith(Map.of("weak", new Key("wf_" + "ab".repeat(20), "accounts:read"))));
    assertTrue(weak.getMessage().contains("does not look random"), weak.getMessage());
    for (IllegalStateException refused : List.of(scopeChanged, taken, weak)) {
      assertFalse(refused.getMessage().contains(used), "no secret in " + refused.getMessage());
      assertFalse(refused.getMessage().contains("abab"), "no secret in " + refused.getMessage());
    }
    assertEquals(401, exchange("wf_" + "ab".repeat(20)).statusCode(), "nothing was provisioned");

    String log = Files.readString(LOG);
    assertTrue(log.contains("provisioned key widget-service (accounts:read) created"), "logged");
    assertFalse(log.contains(CONFIGURED), "the configured secret is never logged");
    assertFalse(log.contains(used), "nor any other");
  }
}
