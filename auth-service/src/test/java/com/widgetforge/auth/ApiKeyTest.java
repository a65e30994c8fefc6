package com.widgetforge.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class ApiKeyTest {

  private static Response create(Login admin, Map<String, Object> body) {
    return admin.request().contentType(ContentType.JSON).body(body).post("/auth/api-keys");
  }

  private static Response exchange(String secret) {
    return given().header("X-API-Key", secret).post("/auth/token");
  }

  @Test
  void secretIsShownOnceAndExchangesForAScopedTokenUntilRevoked() {
    Login admin = TestSessions.admin();
    Response created = create(admin, Map.of("name", "grafana", "scope", "prices:admin"));
    assertEquals(201, created.statusCode(), created.asString());
    String id = created.jsonPath().getString("key.id");
    String secret = created.jsonPath().getString("secret");
    assertNotNull(secret);
    assertFalse(
        admin.request().get("/auth/api-keys").asString().contains(secret),
        "listed without the secret");

    Response token = exchange(secret);
    assertEquals(200, token.statusCode(), token.asString());
    String accessToken = token.jsonPath().getString("accessToken");
    assertEquals(
        List.of("prices:admin"), TestSessions.claims(accessToken).getJsonArray("groups").getList());
    assertEquals(
        403,
        given().auth().oauth2(accessToken).get("/auth/me").statusCode(),
        "a key is not a user");
    assertNotNull(
        admin
            .request()
            .get("/auth/api-keys")
            .jsonPath()
            .getString("find { it.id == '" + id + "' }.lastUsedAt"));

    admin.request().delete("/auth/api-keys/" + id).then().statusCode(204);
    assertEquals(401, exchange(secret).statusCode());
    assertEquals(
        401,
        given().auth().oauth2(accessToken).get("/auth/users").statusCode(),
        "issued tokens die with the key");
  }

  @Test
  void invalidKeysAndBadRequestsAreRefused() {
    Login admin = TestSessions.admin();
    assertEquals(401, exchange("wf_not-a-real-key").statusCode());
    assertEquals(401, given().post("/auth/token").statusCode());
    assertEquals(400, create(admin, Map.of("name", "x", "scope", "everything")).statusCode());
    assertEquals(400, create(admin, Map.of("name", "", "scope", "prices:admin")).statusCode());
    assertEquals(
        400,
        create(
                admin,
                Map.of(
                    "name",
                    "old",
                    "scope",
                    "prices:admin",
                    "expiresAt",
                    Instant.now().minusSeconds(5).toString()))
            .statusCode());
    assertEquals(404, admin.request().delete("/auth/api-keys/nope").statusCode());
    Login trader = TestSessions.newUser(admin, "trader").login();
    assertEquals(403, create(trader, Map.of("name", "mine", "scope", "prices:admin")).statusCode());
  }
}
