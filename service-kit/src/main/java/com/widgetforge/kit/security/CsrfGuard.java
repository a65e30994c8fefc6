package com.widgetforge.kit.security;

import com.widgetforge.kit.problem.ProblemMapper;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * CSRF defence for every state-changing request. A foreign {@code Origin} is always refused, and so
 * is {@code Origin: null}, which sandboxed frames and other opaque contexts send (another site
 * could otherwise log a visitor into its own account). A request that carries the session cookie
 * must also prove it comes from our own pages: a same-origin {@code Origin} header, or an {@code
 * X-CSRF-Token} header equal to the CSRF cookie (double submit). Requests authenticated by a bearer
 * token or API key send no {@code Origin} and are not exposed to CSRF.
 */
public class CsrfGuard {

  public static final String HEADER = "X-CSRF-Token";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final AuthSettings settings;

  CsrfGuard(AuthSettings settings) {
    this.settings = settings;
  }

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> check(HttpServerRequest request) {
    if (SAFE_METHODS.contains(request.method().name())) {
      return Optional.empty();
    }
    String origin = request.getHeader("Origin");
    if (origin != null) {
      return isOwnOrigin(origin, request)
          ? Optional.empty()
          : refuse("cross-site request refused: origin " + origin + " is not allowed");
    }
    if (request.getCookie(settings.cookieName()) == null) {
      return Optional.empty();
    }
    Cookie csrfCookie = request.getCookie(settings.csrfCookieName());
    String header = request.getHeader(HEADER);
    if (csrfCookie == null || header == null || !sameSecret(csrfCookie.getValue(), header)) {
      return refuse("missing or wrong " + HEADER + " header (or a same-origin Origin header)");
    }
    return Optional.empty();
  }

  private boolean isOwnOrigin(String origin, HttpServerRequest request) {
    return isOwnOrigin(origin, request::getHeader, request.scheme());
  }

  /**
   * Whether {@code origin} is this suite's own (an allowed origin, or the host the browser used:
   * X-Forwarded-Host/Proto from the gateway, else Host). {@code header} reads the request's
   * headers; also for WebSocket handshakes, which this filter does not see.
   */
  public boolean isOwnOrigin(String origin, UnaryOperator<String> header, String requestScheme) {
    if (origin == null || "null".equals(origin)) {
      return false;
    }
    String normalized = origin.toLowerCase(Locale.ROOT);
    List<String> allowed = settings.allowedOrigins().orElse(List.of());
    if (allowed.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(normalized))) {
      return true;
    }
    String host = firstValue(header.apply("X-Forwarded-Host"));
    if (host == null) {
      host = header.apply("Host");
    }
    String scheme = firstValue(header.apply("X-Forwarded-Proto"));
    if (scheme == null) {
      scheme = requestScheme;
    }
    try {
      URI uri = URI.create(normalized);
      String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return host != null
          && scheme.equalsIgnoreCase(uri.getScheme())
          && withoutDefaultPort(host, scheme)
              .equalsIgnoreCase(withoutDefaultPort(originHost, scheme));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String firstValue(String header) {
    return header == null ? null : header.split(",")[0].trim();
  }

  private static String withoutDefaultPort(String host, String scheme) {
    String defaultPort = "https".equalsIgnoreCase(scheme) ? ":443" : ":80";
    return host.endsWith(defaultPort)
        ? host.substring(0, host.length() - defaultPort.length())
        : host;
  }

  private static boolean sameSecret(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<Response> refuse(String detail) {
    return Optional.of(ProblemMapper.problem(Response.Status.FORBIDDEN, detail));
  }
}
