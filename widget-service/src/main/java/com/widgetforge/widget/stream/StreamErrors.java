package com.widgetforge.widget.stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The error replies both streams send: {@code {"type":"error","message":...}}. */
public final class StreamErrors {

  private StreamErrors() {}

  /** An error reply; {@code message} must be safe to show the client (never its own input). */
  public static String error(ObjectMapper json, String message) {
    return json.createObjectNode().put("type", "error").put("message", message).toString();
  }

  /** The reply to a message over the connection's rate. */
  public static String tooManyMessages(ObjectMapper json, StreamConfig config) {
    return error(
        json, "too many messages: at most " + config.maxClientMessagesPerSecond() + " a second");
  }
}
