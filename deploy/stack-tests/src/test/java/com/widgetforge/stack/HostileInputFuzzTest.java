package com.widgetforge.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.widgetforge.devstack.stack.LocalStack;
import com.widgetforge.devstack.testing.WebSocketTestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile input against every operation each service's OpenAPI document lists, and both sockets,
 * through the gateway, as an anonymous visitor, a trader, an admin and another site: no answer is a
 * 5xx, no HTML page reflects markup unescaped, and refused state changes change nothing.
 *
 * <p>It runs late (its own users leave fuzzed records behind) but before the lifecycle test.
 */
@Order(Integer.MAX_VALUE - 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputFuzzTest {

  /** Marked markup: if a page ever holds it verbatim, it reflected input unescaped. */
  private static final String MARKUP = "\"><svg onload=wfx(1)>";

  /** Values that have broken services elsewhere: each goes into every parameter and field. */
  static final List<String> HOSTILE =
      List.of(
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "\u001b[31m",
          "line\r\nSet-Cookie: wf=1",
          "'; drop table app_user; --",
          "' or '1'='1",
          MARKUP,
          "<script>alert(1)</script>",
          "{{7*7}}${7*7}",
          "${jndi:ldap://127.0.0.1:1/x}",
          "../../../../etc/passwd",
          "%00%zz%",
          "-1",
          "0",
          "99999999999999999999999999",
          "1e309",
          "NaN",
          "null",
          "true",
          "[]",
          "{}",
          "\uD83D\uDCB8\u202E\uFEFF",
          "\uFFFF\uFFFE",
          "x".repeat(20_000));

  /** Bodies that are not what any operation expects. */
  private static final List<String> RAW_BODIES =
      List.of(
          "",
          "{",
          "[",
          "null",
          "1",
          "\"text\"",
          "[]",
          "{\"a\":",
          "[".repeat(5_000) + "]".repeat(5_000),
          "{\"a\":\"\u0000\"}",
          "<xml/>");

  /**
   * Operations the fuzzer leaves alone: they end its own sessions or rotate the suite's keys, and
   * hundreds of failed logins from this one address would throttle every later login here
   * (LoginTest sends hostile logins from addresses of their own).
   */
  private static final Set<String> LEFT_ALONE =
      Set.of("POST /auth/logout", "POST /auth/keys/rotate", "POST /auth/login");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // as browsers speak to a plain-HTTP origin
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /**
   * Requests in flight at once, and so the most connections that can wait in the client's pool,
   * already closed by the server, at any time.
   */
  private static final int IN_FLIGHT = 16;

  private static LocalStack stack;
  private static Browser admin;
  private static Browser trader;
  private static final List<Operation> OPERATIONS = new ArrayList<>();

  record Operation(
      String method, String path, List<JsonNode> parameters, String mediaType, JsonNode body) {
    String name() {
      return method + " " + path;
    }

    boolean changesState() {
      return !method.equals("GET") && !method.equals("HEAD");
    }
  }

  /** Who sends a request: a session's cookies and CSRF header, and an Origin. */
  private record Caller(String name, Browser session, String origin) {}

  /** One request to send, before a caller is chosen. */
  private record Planned(String method, String target, String mediaType, String body) {}

  @BeforeAll
  static void start() throws Exception {
    stack = StackFixture.shared();
    Browser bootstrap =
        Browser.login(stack.gatewayUrl(), StackFixture.ADMIN_EMAIL, StackFixture.ADMIN_PASSWORD);
    admin = newUser(bootstrap, "admin");
    trader = newUser(bootstrap, "trader");
    for (String service : LocalStack.SERVICES) {
      HttpResponse<String> document =
          Browser.send(
              HttpRequest.newBuilder(
                      URI.create(stack.component(service).baseUrl() + "/q/openapi?format=json"))
                  .build());
      assertEquals(200, document.statusCode(), service + " has no OpenAPI document");
      OPERATIONS.addAll(operations(JSON.readTree(document.body())));
    }
    assertTrue(OPERATIONS.size() > 40, "only " + OPERATIONS.size() + " operations found");
  }

  /** A fresh user of the fuzzer's own, so that fuzzing never touches another test's users. */
  private static Browser newUser(Browser by, String role) throws Exception {
    String email = "fuzz-" + role + "-" + UUID.randomUUID() + "@stack.test";
    String oneTime = "Fuzz one-time " + UUID.randomUUID();
    String own = "Fuzz own pass phrase " + UUID.randomUUID();
    HttpResponse<String> created =
        Browser.send(
            by.request(stack.gatewayUrl() + "/auth/users")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "email",
                                email,
                                "displayName",
                                "Fuzz " + role,
                                "role",
                                role,
                                "password",
                                oneTime))))
                .build());
    assertEquals(201, created.statusCode(), created.body());
    Browser.chooseOwnPassword(stack.gatewayUrl(), email, oneTime, own);
    return Browser.login(stack.gatewayUrl(), email, own);
  }

  private static List<Operation> operations(JsonNode document) {
    List<Operation> found = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        String verb = method.getKey().toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(verb)) {
          continue;
        }
        List<JsonNode> parameters = new ArrayList<>();
        path.getValue().path("parameters").forEach(parameters::add);
        method.getValue().path("parameters").forEach(parameters::add);
        JsonNode content = method.getValue().path("requestBody").path("content");
        String mediaType =
            content.has(FORM) && !content.has("application/json") ? FORM : "application/json";
        JsonNode schema = resolve(document, content.path(mediaType).path("schema"));
        Operation operation = new Operation(verb, path.getKey(), parameters, mediaType, schema);
        if (!LEFT_ALONE.contains(operation.name())) {
          found.add(operation);
        }
      }
    }
    return found;
  }

  private static JsonNode resolve(JsonNode document, JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    if (ref.startsWith("#/components/schemas/")) {
      return document
          .path("components")
          .path("schemas")
          .path(ref.substring("#/components/schemas/".length()));
    }
    return schema;
  }

  /** A value of the schema's type that a service would likely accept. */
  private static Object plausible(JsonNode schema) {
    return switch (schema.path("type").asText("string")) {
      case "integer" -> 1;
      case "number" -> 1.5;
      case "boolean" -> true;
      case "array" -> List.of();
      case "object" -> Map.of();
      default -> schema.path("format").asText("").equals("uuid") ? UUID.randomUUID() : "EURUSD";
    };
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Every request for one operation: each hostile value in each parameter and field. */
  private static List<Planned> requestsFor(Operation operation) throws Exception {
    List<Planned> requests = new ArrayList<>();
    List<JsonNode> pathParameters = new ArrayList<>();
    List<JsonNode> queryParameters = new ArrayList<>();
    for (JsonNode parameter : operation.parameters()) {
      String in = parameter.path("in").asText();
      if (in.equals("path")) {
        pathParameters.add(parameter);
      } else if (in.equals("query")) {
        queryParameters.add(parameter);
      }
    }
    List<String> targets = new ArrayList<>();
    for (String value : HOSTILE) {
      if (pathParameters.isEmpty()) {
        targets.add(
            pathWith(operation, pathParameters, null, null)
                + "?"
                + queryWith(queryParameters, value));
        continue;
      }
      for (JsonNode hostile : pathParameters) {
        String path = pathWith(operation, pathParameters, hostile, value);
        targets.add(
            path + (queryParameters.isEmpty() ? "" : "?" + queryWith(queryParameters, value)));
      }
    }
    ObjectNode properties =
        operation.body().path("properties").isObject()
            ? (ObjectNode) operation.body().path("properties")
            : JSON.createObjectNode();
    String plainPath = pathWith(operation, pathParameters, null, null);
    for (String target : targets) {
      requests.add(withBody(operation, target, plausibleBody(operation, properties, null, null)));
    }
    if (operation.changesState()) {
      Iterator<String> fields = properties.fieldNames();
      while (fields.hasNext()) {
        String field = fields.next();
        for (String value : HOSTILE) {
          requests.add(
              withBody(operation, plainPath, plausibleBody(operation, properties, field, value)));
        }
        // The wrong type where a field's type is known.
        requests.add(
            withBody(
                operation,
                plainPath,
                JSON.writeValueAsString(Map.of(field, Map.of("nested", List.of(1, "two"))))));
      }
      for (String raw : RAW_BODIES) {
        requests.add(withBody(operation, plainPath, raw));
      }
    }
    return requests;
  }

  private static String pathWith(
      Operation operation, List<JsonNode> parameters, JsonNode hostile, String value) {
    String path = operation.path();
    for (JsonNode parameter : parameters) {
      String name = parameter.path("name").asText();
      String filled =
          parameter == hostile
              ? encode(value)
              : encode(String.valueOf(plausible(parameter.path("schema"))));
      path = path.replace("{" + name + "}", filled);
    }
    return path;
  }

  private static String queryWith(List<JsonNode> parameters, String value) {
    StringBuilder query = new StringBuilder("wf=" + encode(value));
    for (JsonNode parameter : parameters) {
      query
          .append('&')
          .append(encode(parameter.path("name").asText()))
          .append('=')
          .append(encode(value));
    }
    return query.toString();
  }

  private static String plausibleBody(
      Operation operation, ObjectNode properties, String field, String value) throws Exception {
    Map<String, Object> body = new TreeMap<>();
    properties
        .fields()
        .forEachRemaining(entry -> body.put(entry.getKey(), plausible(entry.getValue())));
    if (field != null) {
      body.put(field, value);
    }
    if (operation.mediaType().equals(FORM)) {
      StringBuilder form = new StringBuilder();
      body.forEach(
          (name, fieldValue) ->
              form.append(form.isEmpty() ? "" : "&")
                  .append(encode(name))
                  .append('=')
                  .append(encode(String.valueOf(fieldValue))));
      return form.toString();
    }
    return JSON.writeValueAsString(body);
  }

  private static Planned withBody(Operation operation, String target, String body) {
    boolean bodiless = operation.method().equals("GET") || operation.method().equals("DELETE");
    return new Planned(operation.method(), target, operation.mediaType(), bodiless ? null : body);
  }

  private static HttpRequest as(Caller caller, Planned planned) {
    String url = stack.gatewayUrl() + planned.target();
    HttpRequest.Builder request =
        caller.session() == null
            ? HttpRequest.newBuilder(URI.create(url))
            : caller.session().request(url);
    request
        .timeout(Duration.ofSeconds(60))
        .method(
            planned.method(),
            planned.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(planned.body()));
    if (planned.body() != null) {
      request.header("Content-Type", planned.mediaType());
    }
    if (caller.origin() != null) {
      request.header("Origin", caller.origin());
    }
    return request.build();
  }

  /** What went wrong, one line per request; and how many were sent. */
  private record Findings(List<String> problems, int sent) {}

  /**
   * Sends the requests, 16 at a time, and notes every 5xx, every failure and every HTML page that
   * reflects {@link #MARKUP}; with {@code refusalsOnly}, every answer below 400 too.
   */
  private static Findings send(List<HttpRequest> requests, boolean refusalsOnly) throws Exception {
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger sentAgain = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (HttpRequest request : requests) {
      inFlight.acquire();
      sent.incrementAndGet();
      all.add(
          sendPastClosedConnections(request, IN_FLIGHT, sentAgain)
              .handle(
                  (response, failure) -> {
                    inFlight.release();
                    String what =
                        request.method()
                            + " "
                            + shorten(request.uri().getRawPath())
                            + (request.uri().getRawQuery() == null
                                ? ""
                                : " query " + shorten(request.uri().getRawQuery()))
                            + " body "
                            + request.bodyPublisher().map(b -> b.contentLength()).orElse(0L)
                            + " bytes";
                    if (failure != null) {
                      problems.add(what + " failed: " + failure);
                    } else if (refusalsOnly && response.statusCode() < 400) {
                      problems.add(what + " was not refused: " + response.statusCode());
                    } else if (response.statusCode() >= 500) {
                      problems.add(
                          what + " -> " + response.statusCode() + " " + shorten(response.body()));
                    } else if (response
                            .headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .startsWith("text/html")
                        && response.body().contains(MARKUP.substring(2))) {
                      problems.add(what + " reflects markup unescaped");
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    System.out.printf(
        "hostile input: %d requests (%d sent again after a closed connection), %d problems%n",
        sent.get(), sentAgain.get(), problems.size());
    return new Findings(new ArrayList<>(problems), sent.get());
  }

  /**
   * Sends the request, and again while it fails before any answer. The edge refuses a request line
   * too long to parse with {@code HTTP/1.0 414} and closes the connection; the JDK's client takes
   * no {@code Connection: close} for keep-alive and may pool that connection and send the next
   * request on it before it sees the close. Each such failure uses up one closed connection, and no
   * more of them than requests in flight can be pooled, so a request that fails more often than
   * that (or times out) is a finding.
   */
  private static CompletableFuture<HttpResponse<String>> sendPastClosedConnections(
      HttpRequest request, int closedLeft, AtomicInteger sentAgain) {
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .exceptionallyCompose(
            failure -> {
              if (closedLeft > 0 && closedBeforeAnswering(failure)) {
                sentAgain.incrementAndGet();
                return sendPastClosedConnections(request, closedLeft - 1, sentAgain);
              }
              return CompletableFuture.failedFuture(failure);
            });
  }

  private static boolean closedBeforeAnswering(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof java.io.IOException
        && !(cause instanceof java.net.http.HttpTimeoutException);
  }

  private static String shorten(String text) {
    return text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }

  /** What refused requests must not change: users, keys, accounts and widgets, by id. */
  private static String state() throws Exception {
    StringBuilder digest = new StringBuilder();
    for (String list :
        List.of("/auth/users?size=200", "/auth/api-keys", "/api/accounts", "/api/widgets")) {
      HttpResponse<String> response =
          Browser.send(admin.request(stack.gatewayUrl() + list).GET().build());
      assertEquals(200, response.statusCode(), list + ": " + response.body());
      digest.append(list).append(": ");
      collectIds(JSON.readTree(response.body()), digest);
      digest.append('\n');
    }
    return digest.toString();
  }

  private static void collectIds(JsonNode node, StringBuilder into) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (Set.of("id", "role", "active", "displayName", "label", "revokedAt", "name")
                    .contains(field.getKey())) {
                  into.append(field.getKey()).append('=').append(field.getValue()).append(' ');
                }
                collectIds(field.getValue(), into);
              });
    } else if (node.isArray()) {
      node.forEach(element -> collectIds(element, into));
    }
  }

  @Test
  @Order(1)
  void refusedStateChangesChangeNothing() throws Exception {
    String before = state();
    List<HttpRequest> requests = new ArrayList<>();
    Caller anonymous = new Caller("anonymous", null, null);
    Caller anotherSite = new Caller("another site", admin, "http://evil.example");
    Caller sandboxed = new Caller("a sandboxed frame", admin, "null");
    for (Operation operation : OPERATIONS) {
      if (!operation.changesState()) {
        continue;
      }
      for (Planned request : requestsFor(operation)) {
        requests.add(as(anonymous, request));
        requests.add(as(anotherSite, request));
        requests.add(as(sandboxed, request));
      }
    }
    Findings findings = send(requests, true);
    FuzzCount.add(findings.sent());
    assertTrue(findings.problems().isEmpty(), String.join("\n", findings.problems()));
    assertEquals(before, state(), "a refused request changed something");
  }

  @Test
  @Order(2)
  void noHostileRequestIsA5xxOrReflected() throws Exception {
    List<HttpRequest> requests = new ArrayList<>();
    List<Caller> callers =
        List.of(
            new Caller("anonymous", null, null),
            new Caller("trader", trader, null),
            new Caller("admin", admin, null));
    for (Operation operation : OPERATIONS) {
      for (Planned request : requestsFor(operation)) {
        for (Caller caller : callers) {
          if (operation.changesState() && caller.session() == null) {
            continue; // sent anonymously above
          }
          requests.add(as(caller, request));
        }
      }
    }
    Findings findings = send(requests, false);
    FuzzCount.add(findings.sent());
    assertTrue(findings.problems().isEmpty(), String.join("\n", findings.problems()));
    // The services still answer afterwards.
    assertEquals(
        200,
        Browser.send(
                HttpRequest.newBuilder(
                        URI.create(stack.gatewayUrl() + "/api/prices/latest?symbols=EURUSD"))
                    .build())
            .statusCode());
  }

  @Test
  @Order(3)
  void bothSocketsTakeHostileMessagesWithoutFailing() throws Exception {
    int sent = 0;
    for (String path : List.of("/ws/price-stream", "/ws/account-stream")) {
      URI uri = URI.create(stack.gatewayUrl().replace("http", "ws") + path);
      Map<String, String> sameOrigin = Map.of("Origin", stack.gatewayUrl());
      WebSocketTestClient client = WebSocketTestClient.connect(uri, sameOrigin);
      String last = "";
      try {
        for (String value : HOSTILE) {
          for (String message :
              List.of(
                  value,
                  JSON.writeValueAsString(Map.of("subscribe", List.of(value))),
                  JSON.writeValueAsString(Map.of("widgets", List.of(value))),
                  JSON.writeValueAsString(Map.of("accounts", List.of(value))))) {
            if (message.isEmpty()) {
              continue;
            }
            if (client.closed().isDone()) {
              // Closed for a bad message: fine, unless for an error of the server's own.
              int code = client.closed().join();
              assertTrue(
                  code != 1011, path + " closed with an internal error after " + shorten(last));
              client.close();
              client = WebSocketTestClient.connect(uri, sameOrigin);
            }
            last = message;
            try {
              client.send(message);
            } catch (java.util.concurrent.CompletionException closedMeanwhile) {
              client.close();
              client = WebSocketTestClient.connect(uri, sameOrigin);
              client.send(message);
            }
            sent++;
          }
        }
        for (String answer = client.next(Duration.ofMillis(500));
            answer != null;
            answer = client.next(Duration.ofMillis(200))) {
          assertTrue(!answer.contains(MARKUP), path + " echoed markup: " + shorten(answer));
        }
        if (client.closed().isDone()) {
          assertTrue(
              client.closed().join() != 1011,
              path + " closed with an internal error after " + shorten(last));
        }
      } finally {
        client.close();
      }
    }
    // The price stream still serves a plain subscription afterwards.
    try (WebSocketTestClient client =
        WebSocketTestClient.connect(
            URI.create(stack.gatewayUrl().replace("http", "ws") + "/ws/price-stream"))) {
      client.send("{\"subscribe\":[\"EURUSD\"]}");
      client.await(m -> m.contains("EURUSD"), Duration.ofSeconds(10));
    }
    FuzzCount.add(sent);
    assertTrue(
        FuzzCount.total() >= 10_000, "only " + FuzzCount.total() + " hostile requests were sent");
  }

  /** Requests sent over all three tests. */
  private static final class FuzzCount {
    private static final AtomicInteger TOTAL = new AtomicInteger();

    static void add(int n) {
      TOTAL.addAndGet(n);
    }

    static int total() {
      return TOTAL.get();
    }
  }
}
