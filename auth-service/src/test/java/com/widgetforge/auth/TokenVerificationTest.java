package com.widgetforge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.auth.token.SigningKeys;
import com.widgetforge.auth.token.TokenIssuer;
import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class TokenVerificationTest {

  @Inject TokenIssuer issuer;
  @Inject SigningKeys keys;

  private static int statusWith(String token) {
    return RestAssured.given().cookie(TestSessions.COOKIE, token).get("/auth/me").statusCode();
  }

  @Test
  void aGenuineTokenIsAccepted() {
    assertEquals(200, statusWith(TestSessions.admin().token()));
  }

  @Test
  void expiredTokenIsRefused() {
    Login admin = TestSessions.admin();
    String expired =
        issuer
            .issue(admin.userId(), Set.of("admin"), admin.sessionId(), Duration.ofSeconds(-30))
            .token();
    assertEquals(401, statusWith(expired));
    assertEquals(200, statusWith(admin.token()), "the session itself is still fine");
  }

  @Test
  void tamperedPayloadIsRefused() {
    Login admin = TestSessions.admin();
    String[] parts = admin.token().split("\\.");
    JsonObject claims =
        admin.claims().put("groups", new io.vertx.core.json.JsonArray().add("admin").add("root"));
    String forged = parts[0] + "." + encode(claims.encode()) + "." + parts[2];
    assertEquals(401, statusWith(forged));
  }

  @Test
  void algNoneIsRefused() {
    Login admin = TestSessions.admin();
    String unsigned =
        encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + admin.token().split("\\.")[1] + ".";
    assertEquals(401, statusWith(unsigned));
  }

  @Test
  void tokenSignedWithAForeignKeyUnderOurKeyIdIsRefused() throws Exception {
    Login admin = TestSessions.admin();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String forged =
        Jwt.issuer("widgetforge")
            .audience("widgetforge")
            .subject(admin.userId())
            .groups(Set.of("admin"))
            .claim("sid", admin.sessionId())
            .expiresAt(Instant.now().plusSeconds(120))
            .jws()
            .keyId(TestSessions.header(admin.token()).getString("kid"))
            .algorithm(SignatureAlgorithm.RS256)
            .sign(generator.generateKeyPair().getPrivate());
    assertEquals(401, statusWith(forged));
  }

  @Test
  void tokenForAnotherAudienceIsRefused() {
    Login admin = TestSessions.admin();
    String other =
        Jwt.issuer("widgetforge")
            .audience("someone-else")
            .subject(admin.userId())
            .groups(Set.of("admin"))
            .claim("sid", admin.sessionId())
            .expiresAt(Instant.now().plusSeconds(120))
            .jws()
            .keyId(keys.signer().kid())
            .algorithm(SignatureAlgorithm.RS256)
            .sign(keys.signer().privateKey());
    assertEquals(401, statusWith(other));
  }

  @Test
  void rotationPublishesTheNewKeyBeforeUsingItAndOldTokensStayValid() {
    Login admin = TestSessions.admin();
    String oldKid = TestSessions.header(admin.token()).getString("kid");
    JsonObject rotated =
        new JsonObject(
            admin.request().post("/auth/keys/rotate").then().statusCode(200).extract().asString());
    String newKid = rotated.getString("kid");
    assertNotEquals(oldKid, newKid);
    assertTrue(
        Instant.parse(rotated.getString("activeFrom")).isAfter(Instant.now().plusSeconds(60)));

    String jwks = RestAssured.get("/auth/jwks").asString();
    assertTrue(jwks.contains(oldKid) && jwks.contains(newKid), jwks);
    assertEquals(
        oldKid,
        TestSessions.header(TestSessions.admin().token()).getString("kid"),
        "the new key does not sign before its publish lead has passed");
    assertEquals(200, statusWith(admin.token()));
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
