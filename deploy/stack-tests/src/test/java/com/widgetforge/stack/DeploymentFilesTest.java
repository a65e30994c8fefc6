package com.widgetforge.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.devstack.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files agree with the code: docker-compose.yml sets only variables the services
 * read and every one they require, the Dockerfiles run the command the whole-stack tests run, and
 * the compose topics are the contract's.
 */
class DeploymentFilesTest {

  private static final Path ROOT =
      Path.of(System.getProperty("widgetforge.root", "../..")).toAbsolutePath().normalize();
  private static final Map<String, String> MODULES =
      Map.of(
          "auth-service", "auth-service",
          "price-service", "price-service",
          "account-service", "account-service",
          "widget-service", "widget-service",
          "gateway", "deploy/gateway");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
  private static final Pattern DECLARED =
      Pattern.compile("^# env: ([A-Z][A-Z0-9_]*)( \\(required\\))?");

  private final JsonNode compose = yaml(ROOT.resolve("docker-compose.yml"));

  /** Compose files use anchors and merge keys ({@code <<}), which SnakeYAML resolves. */
  private static JsonNode yaml(Path file) {
    try {
      Object document = new org.yaml.snakeyaml.Yaml().load(Files.readString(file));
      return new ObjectMapper().valueToTree(document);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The environment-variable form of a property name, as SmallRye Config maps it. */
  private static String envName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /**
   * Variables a module reads: its properties (and service-kit's) in env form, placeholders,
   * declarations.
   */
  private static Set<String> readBy(String module, Set<String> required) throws IOException {
    Set<String> known = new HashSet<>();
    List<Path> files =
        new ArrayList<>(
            List.of(ROOT.resolve(module).resolve("src/main/resources/application.properties")));
    if (!module.startsWith("deploy/")) {
      files.add(
          ROOT.resolve("service-kit/src/main/resources/META-INF/microprofile-config.properties"));
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        Matcher declared = DECLARED.matcher(line);
        if (declared.find()) {
          known.add(declared.group(1));
          if (declared.group(2) != null) {
            required.add(declared.group(1));
          }
          continue;
        }
        if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
          continue;
        }
        String key = line.substring(0, line.indexOf('=')).strip().replaceFirst("^%[a-z]+\\.", "");
        known.add(envName(key));
        Matcher placeholder = PLACEHOLDER.matcher(line.substring(line.indexOf('=')));
        while (placeholder.find()) {
          known.add(placeholder.group(1));
        }
      }
    }
    return known;
  }

  @Test
  void composeSetsOnlyVariablesEachServiceReadsAndEveryOneItRequires() throws IOException {
    for (Map.Entry<String, String> service : MODULES.entrySet()) {
      Set<String> required = new TreeSet<>();
      Set<String> known = readBy(service.getValue(), required);
      JsonNode environment = compose.path("services").path(service.getKey()).path("environment");
      assertTrue(
          environment.isObject(), service.getKey() + " has no environment in docker-compose.yml");
      Set<String> set = new TreeSet<>();
      environment.fieldNames().forEachRemaining(set::add);
      for (String variable : set) {
        boolean gatewayRoute =
            service.getKey().equals("gateway") && variable.matches("GATEWAY_ROUTES_[A-Z]+_TARGETS");
        assertTrue(
            gatewayRoute || known.contains(variable),
            service.getKey() + " does not read " + variable);
      }
      assertTrue(
          set.containsAll(required),
          service.getKey() + " requires " + required + " but compose sets " + set);
    }
  }

  /**
   * Trusted proxies are IPv4 addresses (or CIDR ranges): Quarkus looks up anything it does not read
   * as an address, a bare {@code ::1} included, in DNS on every request, and offline each lookup
   * stalled a request for the resolver's 5 s timeout.
   */
  @Test
  void trustedProxiesAreAddressesNeverNamesToLookUp() throws IOException {
    Pattern address = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");
    List<String> values = new ArrayList<>();
    for (String module : MODULES.values()) {
      for (String line :
          Files.readAllLines(
              ROOT.resolve(module).resolve("src/main/resources/application.properties"))) {
        if (line.matches("(%[a-z]+\\.)?quarkus\\.http\\.proxy\\.trusted-proxies=.*")) {
          values.add(line.substring(line.indexOf('=') + 1));
        }
      }
    }
    compose
        .get("services")
        .forEach(
            service -> {
              JsonNode value =
                  service.path("environment").path("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
              if (!value.isMissingNode()) {
                values.add(value.asText());
              }
            });
    assertFalse(values.isEmpty());
    for (String value : values) {
      for (String entry : value.split(",")) {
        assertTrue(address.matcher(entry.strip()).matches(), "trusted proxy " + entry);
      }
    }
  }

  @Test
  void everyGatewayRouteHasItsTargetsInCompose() throws IOException {
    Set<String> routes = new TreeSet<>();
    Matcher route =
        Pattern.compile("(?m)^gateway\\.routes\\.([a-z]+)\\.prefixes=")
            .matcher(
                Files.readString(
                    ROOT.resolve("deploy/gateway/src/main/resources/application.properties")));
    while (route.find()) {
      routes.add(route.group(1));
    }
    assertFalse(routes.isEmpty());
    JsonNode env = compose.path("services").path("gateway").path("environment");
    for (String name : routes) {
      assertTrue(
          env.has("GATEWAY_ROUTES_" + name.toUpperCase(Locale.ROOT) + "_TARGETS"), "route " + name);
    }
  }

  @Test
  void servicesAreHealthCheckedLimitedRestartedAndOnlyTheGatewayPublishesAPort() {
    Iterator<Map.Entry<String, JsonNode>> services = compose.path("services").fields();
    while (services.hasNext()) {
      Map.Entry<String, JsonNode> entry = services.next();
      String name = entry.getKey();
      JsonNode service = entry.getValue();
      if (name.equals("kafka-topics")) {
        continue; // a one-shot job
      }
      assertTrue(service.has("healthcheck"), name + " has no healthcheck");
      assertTrue(
          service.path("deploy").path("resources").path("limits").has("memory"),
          name + " has no memory limit");
      assertEquals("unless-stopped", service.path("restart").asText(), name);
      assertEquals(
          name.equals("gateway"),
          service.has("ports"),
          name + ": only the gateway publishes a host port");
    }
  }

  @Test
  void everyImageRunsTheProductionCommandThatTheLocalRunAndTheseTestsRun() throws IOException {
    // The shell adds only the operator's own options, after the defaults (LocalStack does too).
    List<String> expected =
        List.of(
            "sh",
            "-c",
            "exec java "
                + LocalStack.JVM_OPTIONS
                + " $"
                + LocalStack.EXTRA_JVM_OPTIONS
                + " -jar quarkus-run.jar");
    for (String module : MODULES.values()) {
      String dockerfile = Files.readString(ROOT.resolve(module).resolve("Dockerfile"));
      Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(dockerfile);
      assertTrue(entrypoint.find(), module);
      assertEquals(
          expected,
          List.of(new ObjectMapper().readValue(entrypoint.group(1), String[].class)),
          module);
      assertTrue(dockerfile.contains("\nUSER 185\n"), module + " must not run as root");
      assertTrue(dockerfile.contains("target/quarkus-app/"), module + " is built from quarkus-app");
    }
  }

  @Test
  void composeCreatesExactlyTheContractsTopics() throws IOException {
    Set<String> scripted = new TreeSet<>();
    Matcher create =
        Pattern.compile("(?m)^create ([a-z.]+) (\\d+) (delete|compact)$")
            .matcher(Files.readString(ROOT.resolve("deploy/kafka/create-topics.sh")));
    while (create.find()) {
      scripted.add(
          create.group(1) + " " + create.group(2) + " " + create.group(3).equals("compact"));
    }
    Set<String> contract = new TreeSet<>();
    for (AsyncApiContract.Topic topic : AsyncApiContract.load().topics()) {
      contract.add(topic.name() + " " + topic.partitions() + " " + topic.compacted());
    }
    assertEquals(contract, scripted);
  }
}
