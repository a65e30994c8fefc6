package com.widgetforge.kit.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every service's JSON input: a string holding a control character other than tab, line feed and
 * carriage return (a NUL above all) is refused while the body is read, so the request answers 400
 * instead of failing later in the database.
 */
@Singleton
public class JsonInput implements ObjectMapperCustomizer {

  /** What a refused string is told; the problem mapper passes it on. */
  public static final String CONTROL_CHARACTER = "a text holds a control character (such as NUL)";

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(
        new SimpleModule("widgetforge-input").addDeserializer(String.class, new Strings()));
  }

  /** Strings as Jackson reads them, checked for control characters. */
  static final class Strings extends StringDeserializer {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = super.deserialize(parser, context);
      if (value != null && ControlCharacters.contains(value, true)) {
        throw InvalidFormatException.from(parser, CONTROL_CHARACTER, null, String.class);
      }
      return value;
    }
  }
}
