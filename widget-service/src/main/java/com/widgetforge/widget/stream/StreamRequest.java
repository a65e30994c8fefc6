package com.widgetforge.widget.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message a browser sends on the price stream: {@code {"subscribe":[...]}} and/or {@code
 * {"unsubscribe":[...]}}. Parsing rejects anything else with a message fit to show the client.
 */
public record StreamRequest(Set<String> subscribe, Set<String> unsubscribe) {

  /** MT5 symbol names: letters, digits and . _ # -, at most 32. */
  static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._#-]{1,32}");

  /** Why a client message was refused; the message is safe to send back. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  public static StreamRequest parse(String text, int maxBytes, ObjectMapper json) throws Invalid {
    if (text.length() > maxBytes || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new Invalid("message is larger than " + maxBytes + " bytes");
    }
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (Exception e) {
      throw new Invalid("message is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new Invalid("message must be a JSON object such as {\"subscribe\":[\"EURUSD\"]}");
    }
    Iterator<String> fields = root.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!field.equals("subscribe") && !field.equals("unsubscribe")) {
        throw new Invalid("unknown field; use \"subscribe\" or \"unsubscribe\"");
      }
    }
    if (root.isEmpty()) {
      throw new Invalid("message must contain \"subscribe\" or \"unsubscribe\"");
    }
    return new StreamRequest(symbols(root, "subscribe"), symbols(root, "unsubscribe"));
  }

  private static Set<String> symbols(JsonNode root, String field) throws Invalid {
    JsonNode list = root.get(field);
    if (list == null) {
      return Set.of();
    }
    if (!list.isArray()) {
      throw new Invalid("\"" + field + "\" must be an array of symbol names");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode name = list.get(i);
      if (!name.isTextual() || !SYMBOL.matcher(name.asText()).matches()) {
        throw new Invalid(
            "\""
                + field
                + "\" item "
                + (i + 1)
                + " is not a symbol name (letters, digits, . _ # -, at most 32)");
      }
      names.add(name.asText());
    }
    return new LinkedHashSet<>(names);
  }
}
