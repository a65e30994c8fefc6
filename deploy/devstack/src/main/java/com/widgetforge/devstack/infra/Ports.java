package com.widgetforge.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finding free TCP ports and telling whether a port is taken, on the loopback interface. */
public final class Ports {

  /** Where ports for later are picked: below the ephemeral range, above the usual services. */
  private static final int LATER_LOWEST = 20_000;

  /** What Linux uses when /proc does not say. */
  private static final int EPHEMERAL_LOWEST_DEFAULT = 32_768;

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final Random RANDOM = new Random();

  private Ports() {}

  /**
   * A free port for a server that binds it only later (a service started after the infrastructure,
   * say). {@link #free()} picks from the kernel's ephemeral range, where meanwhile any bind to port
   * 0 or outgoing connection, in this process or another, may take it; this one comes from below
   * that range, and is never handed out twice by this JVM.
   */
  public static int forLater() {
    int highest = ephemeralLowest() - 1;
    if (highest - LATER_LOWEST < 1_000) {
      return free();
    }
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = LATER_LOWEST + RANDOM.nextInt(highest - LATER_LOWEST + 1);
      if (HANDED_OUT.add(port) && isFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port between " + LATER_LOWEST + " and " + highest + " after 1000 tries");
  }

  /** The lowest port of the kernel's ephemeral range (what binds to port 0 gets). */
  static int ephemeralLowest() {
    try {
      // Line by line: Files.readString trusts the size /proc reports and reads it short.
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException unknown) {
      return EPHEMERAL_LOWEST_DEFAULT;
    }
  }

  /** A port that was free a moment ago, from the kernel's ephemeral range. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether something can bind {@code port} on every interface right now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** {@code port} itself, or a free one when it is 0; fails naming the port when it is taken. */
  public static int claim(int port, String what) {
    if (port == 0) {
      return free();
    }
    if (!isFree(port)) {
      throw new IllegalStateException(
          "port " + port + " (" + what + ") is already in use; stop what uses it or pick another");
    }
    return port;
  }
}
