package com.widgetforge.widget.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** The error replies both streams send: {@code {"type":"error","message":...}}. */
public final class StreamErrors {

  private static final Logger LOG = Logger.getLogger(StreamErrors.class);

  /** RFC 6455's close code for a message too big to process. */
  static final int MESSAGE_TOO_BIG = 1009;

  private StreamErrors() {}

  /**
   * How a socket ends on an error the endpoint did not answer itself: a message past {@code
   * quarkus.websockets-next.server.max-message-size}, which Vert.x refuses before it is whole, is
   * the client's fault (1009, message too big); anything else is the server's (1011), logged.
   */
  public static Uni<Void> closeOn(WebSocketConnection connection, Throwable error) {
    if (tooBig(error)) {
      return connection.close(new CloseReason(MESSAGE_TOO_BIG, "message too big"));
    }
    LOG.errorf(
        error, "%s: closing after an unexpected error", connection.handshakeRequest().path());
    return connection.close(CloseReason.INTERNAL_SERVER_ERROR);
  }

  /** Vert.x's refusal of a message that grew past the largest one taken, while aggregating it. */
  static boolean tooBig(Throwable error) {
    return error instanceof IllegalStateException
        && String.valueOf(error.getMessage()).contains("max message size");
  }

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
