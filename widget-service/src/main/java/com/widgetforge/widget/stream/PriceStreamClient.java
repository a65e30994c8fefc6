package com.widgetforge.widget.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A browser on {@code /ws/price-stream}. The hub's messages go to its Netty channel as frames
 * encoded once for every socket of the event loop ({@link TextFrames}): no future, callback or copy
 * per message. Its bound is the socket's write queue ({@code widget.stream.max-pending-bytes}):
 * while that is full, updates to it are dropped, never queued. Carries its symbols and its cap on
 * updates per symbol ({@link TickCoalescer}).
 */
final class PriceStreamClient extends StreamClient {

  private static final AtomicLong IDS = new AtomicLong();

  private final String id = "price-" + IDS.incrementAndGet();
  private final ServerWebSocket socket;
  private final ChannelHandlerContext channel;
  private final Context context;
  private final Thread loop = Thread.currentThread();
  private final TickCoalescer coalescer;
  private volatile Set<String> symbols = Set.of();

  /**
   * @param channel the socket's Netty channel (Vert.x's connection handler), where shared frames
   *     are written
   */
  PriceStreamClient(
      ServerWebSocket socket, ChannelHandlerContext channel, Context context, StreamConfig config) {
    this.socket = socket;
    this.channel = channel;
    this.context = context;
    this.coalescer = new TickCoalescer(config.maxUpdatesPerSecond(), config.updateBurst());
    socket.setWriteQueueMaxSize(config.maxPendingBytes());
  }

  @Override
  public String id() {
    return id;
  }

  /** The context of the socket's event loop, where writing to it costs no hand-over. */
  Context context() {
    return context;
  }

  /** The event loop thread the socket lives on (it opened there). */
  Thread loop() {
    return loop;
  }

  @Override
  public boolean isOpen() {
    return !socket.isClosed();
  }

  @Override
  protected boolean saturated() {
    return !channel.channel().isWritable();
  }

  /**
   * Writes {@code frame}, an encoded text frame shared with other sockets (this takes a reference
   * of its own), unless the socket's write queue is full; returns false when it was dropped. On the
   * socket's event loop only, so that it keeps its place among the socket's other writes.
   */
  boolean send(ByteBuf frame) {
    if (socket.isClosed()) {
      return true;
    }
    if (saturated()) {
      return false;
    }
    channel.writeAndFlush(frame.retainedDuplicate(), channel.voidPromise());
    return true;
  }

  void ping() {
    if (!socket.isClosed()) {
      socket.writePing(Buffer.buffer());
    }
  }

  @Override
  protected void close(int code, String reason) {
    socket.close((short) code, reason);
  }

  Set<String> symbols() {
    return symbols;
  }

  void symbols(Set<String> symbols) {
    this.symbols = symbols;
  }

  synchronized boolean offer(PriceTick tick, long nowMsc) {
    return coalescer.offer(tick, nowMsc);
  }

  synchronized List<PriceTick> due(long nowMsc) {
    return coalescer.due(nowMsc);
  }

  synchronized boolean hasPending() {
    return coalescer.hasWaiting();
  }

  synchronized void forget(String symbol) {
    coalescer.forget(symbol);
  }
}
