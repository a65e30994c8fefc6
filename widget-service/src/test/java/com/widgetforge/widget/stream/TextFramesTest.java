package com.widgetforge.widget.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import org.junit.jupiter.api.Test;

/**
 * The frames the price stream encodes once are byte for byte those Netty's server encoder makes.
 */
class TextFramesTest {

  @Test
  void everyLengthEncodingMatchesNettysServerFrames() {
    // 7-bit, 16-bit and 64-bit lengths and their edges, and multi-byte characters.
    for (String text :
        new String[] {
          "",
          "{\"type\":\"tick\"}",
          "x".repeat(125),
          "x".repeat(126),
          "é".repeat(100),
          "x".repeat(65_535),
          "x".repeat(65_536),
          "€".repeat(30_000)
        }) {
      ByteBuf ours = TextFrames.encode(text);
      try {
        assertEquals(
            ByteBufUtil.hexDump(nettys(text)),
            ByteBufUtil.hexDump(ours),
            "frame of " + text.length() + " characters");
      } finally {
        ours.release();
      }
    }
  }

  private static ByteBuf nettys(String text) {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    channel.writeOutbound(new TextWebSocketFrame(text));
    ByteBuf all = channel.alloc().buffer();
    for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
      all.writeBytes(part);
      part.release();
    }
    channel.finishAndReleaseAll();
    return all;
  }
}
