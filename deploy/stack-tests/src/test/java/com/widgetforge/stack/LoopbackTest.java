package com.widgetforge.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.devstack.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The local run exposes the gateway alone: every service listens on loopback only. */
class LoopbackTest {

  /** The addresses that listen on {@code port}, from the kernel's socket tables. */
  private static List<String> listeners(int port) throws Exception {
    List<String> found = new ArrayList<>();
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] fields = line.trim().split("\\s+");
        // local_address is field 1 (hex address:port); state 0A is LISTEN.
        if (fields.length > 3 && fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
          found.add(fields[1].substring(0, fields[1].indexOf(':')));
        }
      }
    }
    return found;
  }

  /**
   * Loopback as the kernel writes it: 127.0.0.1 in an IPv4 table, the same address mapped into an
   * IPv6 socket (::ffff:127.0.0.1), or ::1.
   */
  private static final Set<String> LOOPBACK =
      Set.of("0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000");

  private static void assertLoopbackOnly(int port, String what) throws Exception {
    List<String> addresses = listeners(port);
    assertFalse(addresses.isEmpty(), what + " listens nowhere");
    assertTrue(LOOPBACK.containsAll(addresses), what + " listens beyond loopback: " + addresses);
  }

  @Test
  void onlyTheGatewayListensBeyondLoopback() throws Exception {
    LocalStack stack = StackFixture.shared();
    for (String service : LocalStack.SERVICES) {
      assertLoopbackOnly(stack.component(service).port(), service);
    }
    assertLoopbackOnly(
        stack.component("gateway").managementPort(), "the gateway's management port");
    List<String> gateway = listeners(stack.component("gateway").port());
    assertEquals(1, gateway.size(), "gateway " + gateway);
    assertTrue(gateway.get(0).matches("0+"), "the gateway listens on every interface: " + gateway);
  }
}
