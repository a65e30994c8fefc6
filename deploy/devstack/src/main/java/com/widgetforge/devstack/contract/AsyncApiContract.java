package com.widgetforge.devstack.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The event contract, {@code deploy/asyncapi.yaml}, for tests: which payload schema each topic
 * carries, and whether a real message conforms to it.
 */
public final class AsyncApiContract {

  private static final String SCHEMA_REF = "#/components/schemas/";

  private final JsonNode document;

  private AsyncApiContract(JsonNode document) {
    this.document = document;
  }

  /** Loads the contract shipped in the devstack jar. */
  public static AsyncApiContract load() {
    try (InputStream in = AsyncApiContract.class.getResourceAsStream("/contract/asyncapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("contract/asyncapi.yaml is not on the classpath");
      }
      return new AsyncApiContract(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Kafka topic as the contract describes it: name, partitions, log compaction. */
  public record Topic(String name, int partitions, boolean compacted) {}

  /** Every topic (channel) the contract documents, as the infrastructure creates them. */
  public List<Topic> topics() {
    List<Topic> topics = new ArrayList<>();
    for (JsonNode channel : document.path("channels")) {
      topics.add(
          new Topic(
              channel.path("address").asText(),
              channel.path("x-partitions").asInt(1),
              channel.path("x-compacted").asBoolean(false)));
    }
    return topics;
  }

  /** The name of the payload schema that messages on {@code topic} carry. */
  public String payloadSchemaOf(String topic) {
    for (JsonNode channel : document.path("channels")) {
      if (channel.path("address").asText().equals(topic)) {
        JsonNode message = resolve(channel.path("messages").elements().next());
        return message.path("payload").path("$ref").asText().substring(SCHEMA_REF.length());
      }
    }
    throw new IllegalArgumentException("the contract has no channel for topic " + topic);
  }

  /** What is wrong with {@code json} as a message on {@code topic}; empty when it conforms. */
  public List<String> violations(String topic, String json) {
    JsonNode schemas = document.path("components").path("schemas");
    ObjectNode schema = ((ObjectNode) schemas.path(payloadSchemaOf(topic))).deepCopy();
    schema.set("definitions", schemas);
    String text = schema.toString().replace(SCHEMA_REF, "#/definitions/");
    Validator validator =
        Validator.create(
            JsonSchema.of(new JsonObject(text)),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT7)
                .setBaseUri("https://widgetforge.invalid/asyncapi"));
    OutputUnit result;
    try {
      result = validator.validate(new JsonObject(json));
    } catch (RuntimeException notAnObject) {
      return List.of("not a JSON object: " + notAnObject.getMessage());
    }
    List<String> problems = new ArrayList<>();
    if (!result.getValid()) {
      if (result.getErrors() == null || result.getErrors().isEmpty()) {
        problems.add(String.valueOf(result.toJson()));
      } else {
        result
            .getErrors()
            .forEach(
                error ->
                    problems.add(
                        error.getInstanceLocation()
                            + " ("
                            + error.getKeywordLocation()
                            + "): "
                            + error.getError()));
      }
    }
    return problems;
  }

  /** Fails with every violation listed unless {@code json} conforms. */
  public void assertConforms(String topic, String json) {
    List<String> problems = violations(topic, json);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "message on " + topic + " breaks the contract: " + problems + "\n" + json);
    }
  }

  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText(null);
    if (ref == null) {
      return node;
    }
    JsonNode target = document;
    Iterator<String> parts = List.of(ref.substring(2).split("/")).iterator();
    while (parts.hasNext()) {
      target = target.path(parts.next());
    }
    return target;
  }
}
