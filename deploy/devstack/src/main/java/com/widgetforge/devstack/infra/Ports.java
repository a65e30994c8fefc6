package com.widgetforge.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finding free TCP ports and telling whether a port is taken, on the loopback interface. */
public final class Ports {

  private Ports() {}

  /** A port that was free a moment ago. */
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
