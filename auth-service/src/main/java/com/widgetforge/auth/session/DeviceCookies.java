package com.widgetforge.auth.session;

import com.widgetforge.auth.AuthConfig;
import com.widgetforge.auth.token.SigningKeys;
import com.widgetforge.auth.user.User;
import com.widgetforge.kit.security.AuthSettings;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The device cookie (OWASP "device cookies" against lockout of the owner): a browser that logged in
 * to an account gets a signed {@code kid.userId.nonce.expiry.stamp.mac} cookie, sent back only to
 * {@code /auth/login}. A login attempt carrying a valid one for the account it names is throttled
 * by the failures of that device alone (see {@link LoginThrottle}), so failures from a shared
 * address (a NAT, a proxy) do not lock it out. The HMAC key is derived from the token signing key
 * ({@link SigningKeys#derivedSecret}): every instance shares it, and a key rotation ends older
 * cookies once the old key leaves the JWKS (the next login sets a new one). The stamp, a keyed hash
 * of the account's password hash, binds the cookie to the password it was earned with: a changed or
 * reset password ends every device cookie of the account.
 */
@ApplicationScoped
public class DeviceCookies {

  /** A device cookie whose signature and expiry checked out. */
  public record Device(UUID userId, String nonce, String kid, String stamp) {}

  static final String PATH = "/auth/login";
  private static final String PURPOSE = "device-cookie/v2";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern SHAPE =
      Pattern.compile(
          "[0-9a-f-]{36}\\.[0-9a-f-]{36}\\.[A-Za-z0-9_-]{22}\\.[0-9]{1,12}\\.[A-Za-z0-9_-]{43}"
              + "\\.[A-Za-z0-9_-]{43}");

  private final SigningKeys keys;
  private final String name;
  private final boolean secureByName;
  private final Duration lifetime;

  DeviceCookies(SigningKeys keys, AuthSettings settings, AuthConfig config) {
    this.keys = keys;
    String session = settings.cookieName();
    // A Secure session cookie (by its prefix) makes this one Secure too; __Host- needs Path=/,
    // so the device cookie, which is scoped to the login path, takes the __Secure- prefix.
    this.secureByName = session.startsWith("__Host-") || session.startsWith("__Secure-");
    this.name = secureByName ? "__Secure-wf_device" : "wf_device";
    this.lifetime = config.throttle().deviceCookieLifetime();
  }

  /** The cookie's name: {@code __Secure-wf_device}, or {@code wf_device} without a prefix. */
  public String name() {
    return name;
  }

  /** A fresh device cookie (new nonce) for the account that just logged in. */
  public NewCookie issue(User user, HttpServerRequest request) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String kid = keys.signerKid();
    byte[] secret = keys.derivedSecret(kid, PURPOSE).orElseThrow();
    String payload =
        kid
            + "."
            + user.id
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)
            + "."
            + Instant.now().plus(lifetime).getEpochSecond()
            + "."
            + stamp(secret, user);
    return new NewCookie.Builder(name)
        .value(payload + "." + mac(secret, payload))
        .path(PATH)
        .maxAge((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()))
        .httpOnly(true)
        .secure(secureByName || "https".equals(request.scheme()))
        // Only the login form and the JSON login of this site send it; both are same-site posts.
        .sameSite(NewCookie.SameSite.STRICT)
        .build();
  }

  /** The request's device cookie, if it is well formed, signed by a published key and unexpired. */
  public Optional<Device> read(HttpServerRequest request) {
    Cookie cookie = request.getCookie(name);
    if (cookie == null || !SHAPE.matcher(cookie.getValue()).matches()) {
      return Optional.empty();
    }
    String value = cookie.getValue();
    int lastDot = value.lastIndexOf('.');
    String payload = value.substring(0, lastDot);
    String[] parts = payload.split("\\.");
    Optional<byte[]> secret = keys.derivedSecret(parts[0], PURPOSE);
    if (secret.isEmpty()
        || !MessageDigest.isEqual(
            mac(secret.get(), payload).getBytes(StandardCharsets.US_ASCII),
            value.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII))
        || Long.parseLong(parts[3]) <= Instant.now().getEpochSecond()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Device(UUID.fromString(parts[1]), parts[2], parts[0], parts[4]));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }

  /** Whether {@code device} was earned by {@code user} with the password they have now. */
  public boolean belongsTo(Device device, User user) {
    return device.userId().equals(user.id)
        && keys.derivedSecret(device.kid(), PURPOSE)
            .map(
                secret ->
                    MessageDigest.isEqual(
                        stamp(secret, user).getBytes(StandardCharsets.US_ASCII),
                        device.stamp().getBytes(StandardCharsets.US_ASCII)))
            .orElse(false);
  }

  private static String stamp(byte[] secret, User user) {
    return mac(secret, "password|" + user.passwordHash);
  }

  private static String mac(byte[] secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
