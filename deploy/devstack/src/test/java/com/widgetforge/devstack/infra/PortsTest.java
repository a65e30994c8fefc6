package com.widgetforge.devstack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void portsForLaterAreDistinctBindableAndOutsideTheEphemeralRange() throws Exception {
    int lowest = Ports.ephemeralLowest();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Ports.forLater();
      assertTrue(seen.add(port), "handed out twice: " + port);
      assertTrue(port >= 20_000 && port < lowest, port + " is outside 20000.." + (lowest - 1));
    }
    int port = Ports.forLater();
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(port, socket.getLocalPort());
    }
  }

  @Test
  void whatBindsToPortZeroNeverTakesAPortHandedOutForLater() throws Exception {
    Set<Integer> forLater = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      forLater.add(Ports.forLater());
    }
    for (int i = 0; i < 200; i++) {
      assertFalse(forLater.contains(Ports.free()));
    }
  }
}
