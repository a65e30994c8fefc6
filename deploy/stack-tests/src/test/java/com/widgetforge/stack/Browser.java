package com.widgetforge.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A browser's session with the suite: the two cookies auth-service set at login. */
record Browser(String token, String csrf) {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COOKIE = "__Host-wf_session=";

  /** Logs in through the gateway at {@code gatewayUrl}; fails unless the answer is 200. */
  static Browser login(String gatewayUrl, String email, String password) throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(gatewayUrl + "/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("email", email, "password", password))))
                .build());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "login of " + email + ": " + response.statusCode() + " " + response.body());
    }
    String token =
        response.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(COOKIE))
            .map(c -> c.substring(COOKIE.length(), c.indexOf(';')))
            .findFirst()
            .orElseThrow();
    return new Browser(token, JSON.readTree(response.body()).get("csrfToken").asText());
  }

  /**
   * What a user does first with a password an admin set for them: logs in with it and chooses
   * {@code own} instead (a one-time password works for nothing else).
   */
  static void chooseOwnPassword(String gatewayUrl, String email, String oneTime, String own)
      throws Exception {
    HttpResponse<String> changed =
        send(
            login(gatewayUrl, email, oneTime)
                .request(gatewayUrl + "/auth/me/password")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of("currentPassword", oneTime, "newPassword", own))))
                .build());
    if (changed.statusCode() != 204) {
      throw new AssertionError(
          "password change of " + email + ": " + changed.statusCode() + " " + changed.body());
    }
  }

  /** A request carrying the cookies and the CSRF header, as the dashboard's script sends it. */
  HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Cookie", COOKIE + token + "; __Host-wf_csrf=" + csrf)
        .header("X-CSRF-Token", csrf);
  }

  /** POSTs {@code body} as JSON to {@code url} with this session; fails unless {@code expected}. */
  com.fasterxml.jackson.databind.JsonNode post(String url, Map<String, ?> body, int expected)
      throws Exception {
    HttpResponse<String> response =
        send(
            request(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
    if (response.statusCode() != expected) {
      throw new AssertionError(
          "POST " + url + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body().isEmpty() ? "null" : response.body());
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
