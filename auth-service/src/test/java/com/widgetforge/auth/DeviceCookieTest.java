package com.widgetforge.auth;

import static com.widgetforge.auth.TestSessions.attempt;
import static com.widgetforge.auth.TestSessions.freshAddress;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.auth.TestSessions.Account;
import com.widgetforge.devstack.testing.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Device cookies: a browser that has logged in to an account keeps logging in to it while others
 * behind the same address (a NAT, a TLS proxy) have it throttled.
 */
@QuarkusTest
@TestProfile(DeviceCookieTest.LongDelays.class)
@QuarkusTestResource(
    value = DevStackTestResource.class,
    initArgs = @ResourceArg(name = "service", value = "auth"))
class DeviceCookieTest {

  private static final String DEVICE = "__Secure-wf_device";

  /**
   * The production limits, but a first delay of 10 minutes rather than 1 s, so that a throttled
   * address stays throttled however slowly the test runs (then doubles, up to 15 minutes, as ever),
   * and 5 free failures per address rather than 20, since each failure costs a bcrypt check.
   */
  public static class LongDelays implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "auth.throttle.first-delay", "10m", "auth.throttle.free-failures-per-address", "5");
    }
  }

  /**
   * A client address with more failed logins than it gets free (for no one's accounts) just now.
   */
  private static String throttledSharedAddress() {
    String shared = freshAddress();
    int refused = 0;
    for (int i = 0; i < 40 && refused == 0; i++) {
      int status =
          attempt("nobody-" + UUID.randomUUID() + "@test.widgetforge", "a wrong guess " + i, shared)
              .statusCode();
      refused = status == 429 ? 1 : 0;
      assertTrue(status == 401 || status == 429, "attempt " + i + ": " + status);
    }
    assertEquals(1, refused, "the shared address is throttled");
    return shared;
  }

  /** The device cookie a browser gets when it logs in to the account from elsewhere. */
  private static String deviceCookieOf(Account account) {
    Response login = attempt(account.email(), account.password(), freshAddress());
    assertEquals(200, login.statusCode(), login.asString());
    String device = login.cookie(DEVICE);
    assertNotNull(device, "a login sets the device cookie");
    return device;
  }

  private static Response attemptWithDevice(
      String email, String password, String address, String device) {
    return given()
        .cookie(DEVICE, device)
        .header("X-Forwarded-For", address)
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", password))
        .post("/auth/login");
  }

  private static Response formLogin(String email, String password, String address, String device) {
    var request = given().redirects().follow(false).header("X-Forwarded-For", address);
    if (device != null) {
      request = request.cookie(DEVICE, device);
    }
    return request
        .formParams(Map.of("email", email, "password", password, "next", "/dashboard/widgets"))
        .post("/auth/login");
  }

  @Test
  void aKnownDeviceLogsInFromAThrottledSharedAddressWhileOtherClientsThereAreHeldBack() {
    Account owner = TestSessions.newUser(TestSessions.admin(), "trader");
    String device = deviceCookieOf(owner);
    String shared = throttledSharedAddress();
    // ...and the account itself under attack: from the shared address and from many others.
    for (int i = 0; i < 12; i++) {
      attempt(owner.email(), "guess number " + i, shared);
      attempt(owner.email(), "guess number " + i, freshAddress());
    }

    Response untrusted = attempt(owner.email(), owner.password(), shared);
    assertEquals(429, untrusted.statusCode(), "without the device cookie: throttled, as before");
    assertTrue(Integer.parseInt(untrusted.header("Retry-After")) >= 1, untrusted.asString());

    Response known = attemptWithDevice(owner.email(), owner.password(), shared, device);
    assertEquals(200, known.statusCode(), known.asString());
    assertNotNull(known.cookie(TestSessions.COOKIE), "a session");
    String renewed = known.cookie(DEVICE);
    assertNotNull(renewed, "each login sets a fresh device cookie");
    assertNotEquals(device, renewed);

    assertEquals(
        429,
        attempt(owner.email(), owner.password(), shared).statusCode(),
        "the device's login lifts nothing for the others at the address");

    Response formWithDevice = formLogin(owner.email(), owner.password(), shared, renewed);
    assertEquals(303, formWithDevice.statusCode());
    assertTrue(
        formWithDevice.header("Location").endsWith("/dashboard/widgets"),
        "the form login honours the device cookie the same way: "
            + formWithDevice.header("Location"));
    Response formWithout = formLogin(owner.email(), owner.password(), shared, null);
    assertTrue(
        formWithout.header("Location").endsWith("/login?error=throttled"),
        formWithout.header("Location"));
  }

  @Test
  void aForgedOrAnotherAccountsDeviceCookieGivesNoWayPastTheThrottle() {
    Account owner = TestSessions.newUser(TestSessions.admin(), "trader");
    Account other = TestSessions.newUser(TestSessions.admin(), "trader");
    String ownDevice = deviceCookieOf(owner);
    String othersDevice = deviceCookieOf(other);
    String shared = throttledSharedAddress();

    String lastChar = ownDevice.substring(ownDevice.length() - 1);
    String badSignature =
        ownDevice.substring(0, ownDevice.length() - 1) + (lastChar.equals("A") ? "B" : "A");
    // The other account's cookie with the owner's id put in: its signature no longer fits.
    String[] parts = othersDevice.split("\\.");
    String swappedUser =
        String.join(".", parts[0], owner.id(), parts[2], parts[3], parts[4], parts[5]);
    for (String forged :
        new String[] {othersDevice, badSignature, swappedUser, "not a device cookie"}) {
      assertEquals(
          429,
          attemptWithDevice(owner.email(), owner.password(), shared, forged).statusCode(),
          forged);
    }
    assertEquals(
        200,
        attemptWithDevice(other.email(), other.password(), shared, othersDevice).statusCode(),
        "the other account's cookie still works for that account");
  }

  @Test
  void aChangedPasswordEndsTheAccountsDeviceCookies() {
    Account owner = TestSessions.newUser(TestSessions.admin(), "trader");
    String device = deviceCookieOf(owner);
    String changed = "A new pass phrase " + UUID.randomUUID();
    Response change =
        owner
            .login()
            .request()
            .contentType(ContentType.JSON)
            .body(Map.of("currentPassword", owner.password(), "newPassword", changed))
            .post("/auth/me/password");
    assertEquals(204, change.statusCode(), change.asString());
    String shared = throttledSharedAddress();
    assertEquals(
        429,
        attemptWithDevice(owner.email(), changed, shared, device).statusCode(),
        "a cookie earned with the old password no longer passes the throttle");
  }

  @Test
  void aDeviceCookieThatFailsFiveTimesIsLockedAndThrottledLikeAnyClient() {
    Account owner = TestSessions.newUser(TestSessions.admin(), "trader");
    String device = deviceCookieOf(owner);
    String shared = freshAddress();
    for (int i = 0; i < 6; i++) {
      attempt(owner.email(), "a guess without the cookie " + i, shared);
    }
    assertEquals(
        429,
        attempt(owner.email(), owner.password(), shared).statusCode(),
        "the account is throttled at this address for clients without the cookie");
    for (int i = 0; i < 5; i++) {
      assertEquals(
          401,
          attemptWithDevice(owner.email(), "a stolen cookie's guess " + i, shared, device)
              .statusCode(),
          "the device's failure " + i + " is its own");
    }
    Response locked = attemptWithDevice(owner.email(), owner.password(), shared, device);
    assertEquals(429, locked.statusCode(), "locked: the address's throttle applies to it");
    assertNotNull(locked.header("Retry-After"));
    assertEquals(
        200,
        attemptWithDevice(owner.email(), owner.password(), freshAddress(), device).statusCode(),
        "from an address in good standing it logs in like any client");
  }

  @Test
  void theDeviceCookieIsHttpOnlySecureSameSiteStrictAndSentOnlyToTheLogin() {
    Account owner = TestSessions.newUser(TestSessions.admin(), "trader");
    Response login = attempt(owner.email(), owner.password(), freshAddress());
    String setCookie =
        login.headers().getValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(DEVICE + "="))
            .findFirst()
            .orElseThrow();
    for (String attribute :
        new String[] {"HttpOnly", "Secure", "SameSite=Strict", "Path=/auth/login"}) {
      assertTrue(setCookie.contains(attribute), setCookie);
    }
    assertFalse(setCookie.toLowerCase().contains("domain="), setCookie);
    Matcher maxAge = Pattern.compile("Max-Age=(\\d+)").matcher(setCookie);
    assertTrue(maxAge.find(), setCookie);
    assertTrue(Long.parseLong(maxAge.group(1)) >= 30L * 24 * 3600, "long-lived: " + setCookie);
    assertFalse(login.asString().contains(login.cookie(DEVICE)), "never in the body");
    assertTrue(
        login.cookie(DEVICE).contains("." + owner.id() + "."), "it names the account it is for");
  }
}
