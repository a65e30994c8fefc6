package com.widgetforge.widget.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * WebSocket text frames as a server sends them (RFC 6455 §5.2: final, opcode 1, never masked), so
 * that one encoding of a message can be written to every socket it goes to: the bytes on the wire
 * are the same for all of them.
 */
final class TextFrames {

  private TextFrames() {}

  /** {@code text} as one final, unmasked text frame, in a pooled direct buffer the caller owns. */
  static ByteBuf encode(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf frame = ByteBufAllocator.DEFAULT.directBuffer(header + length);
    frame.writeByte(0x81); // FIN, text
    if (length < 126) {
      frame.writeByte(length);
    } else if (length <= 0xFFFF) {
      frame.writeByte(126);
      frame.writeShort(length);
    } else {
      frame.writeByte(127);
      frame.writeLong(length);
    }
    frame.writeBytes(payload);
    return frame;
  }
}
