package com.widgetforge.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.auth.TestSessions.Login;
import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class SecretsNotLoggedTest {

  @Test
  void noPasswordTokenCsrfOrDeviceSecretAppearsInTheLogOfALogin() throws Exception {
    TestSessions.attempt(
        TestSessions.ADMIN_EMAIL, "a wrong guess to log", TestSessions.freshAddress());
    Login admin = TestSessions.admin();
    String device =
        TestSessions.attempt(
                TestSessions.ADMIN_EMAIL, TestSessions.ADMIN_PASSWORD, TestSessions.freshAddress())
            .cookie("__Secure-wf_device");
    String apiSecret =
        admin
            .request()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "log-check", "scope", "accounts:read"))
            .post("/auth/api-keys")
            .jsonPath()
            .getString("secret");
    admin.request().post("/auth/logout");

    String log = Files.readString(Path.of("target/auth-service-test.log"));
    assertTrue(log.contains("login: user " + admin.userId()), "the login itself is logged");
    for (String secret :
        new String[] {
          TestSessions.ADMIN_PASSWORD,
          "a wrong guess to log",
          admin.token(),
          admin.token().split("\\.")[2],
          admin.csrf(),
          admin.sessionId(),
          apiSecret,
          device,
          device.split("\\.")[2],
          device.split("\\.")[4]
        }) {
      assertFalse(
          log.contains(secret), "the log contains a secret: " + secret.substring(0, 8) + "…");
    }
  }
}
