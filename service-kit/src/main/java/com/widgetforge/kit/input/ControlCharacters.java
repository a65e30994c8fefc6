package com.widgetforge.kit.input;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Text a service accepts: no NUL and no other control character (tab, line feed and carriage return
 * only where a caller allows them). PostgreSQL refuses NUL in text, and control characters have no
 * place in names, symbols or addresses, so they are refused at the edge with a 400 rather than deep
 * inside with a 500.
 */
public final class ControlCharacters {

  private ControlCharacters() {}

  /** Whether {@code text} holds a control character; {@code whitespace} allows tab, LF and CR. */
  public static boolean contains(CharSequence text, boolean whitespace) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c) && !(whitespace && (c == '\t' || c == '\n' || c == '\r'))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code c} is a C0 or C1 control character, DEL included. */
  public static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /**
   * What is wrong with a raw request target (path and query, percent-encoded), if anything: a
   * malformed escape, bytes that are not UTF-8, or a control character once decoded.
   */
  public static Optional<String> problemWithTarget(String rawTarget) {
    ByteBuffer bytes = ByteBuffer.allocate(rawTarget.length() * 4);
    for (int i = 0; i < rawTarget.length(); i++) {
      char c = rawTarget.charAt(i);
      if (c == '%') {
        int high = i + 1 < rawTarget.length() ? Character.digit(rawTarget.charAt(i + 1), 16) : -1;
        int low = i + 2 < rawTarget.length() ? Character.digit(rawTarget.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          return Optional.of("malformed percent-encoding in the request");
        }
        bytes.put((byte) (high * 16 + low));
        i += 2;
      } else if (c > 0x7f) {
        // Not percent-encoded, as some clients send it: checked as the text it is.
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      } else {
        bytes.put((byte) c);
      }
    }
    bytes.flip();
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.of("the request holds bytes that are not UTF-8");
    }
    return contains(decoded, false)
        ? Optional.of("the request holds a control character (such as NUL)")
        : Optional.empty();
  }
}
