package com.widgetforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

  private final ClientAddresses behindProxies =
      new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8"));

  @Test
  void withoutTrustedProxiesTheClientIsThePeerWhateverItClaims() {
    ClientAddresses none = new ClientAddresses(List.of());
    ClientAddresses.Client client = none.of("203.0.113.5", false, List.of("198.51.100.1"), "https");
    assertEquals(new ClientAddresses.Client("203.0.113.5", "http"), client);
    assertEquals("https", none.of("203.0.113.5", true, List.of(), null).scheme());
  }

  @Test
  void anUntrustedPeerCannotForgeItsAddressOrScheme() {
    ClientAddresses.Client client =
        behindProxies.of("203.0.113.5", false, List.of("10.0.0.1"), "https");
    assertEquals(new ClientAddresses.Client("203.0.113.5", "http"), client);
  }

  @Test
  void behindTrustedProxiesTheClientIsTheFirstUntrustedHopFromTheRight() {
    // The client forged "1.2.3.4"; the outer proxy appended the real peer, the inner its own.
    ClientAddresses.Client client =
        behindProxies.of(
            "10.1.2.3", false, List.of("1.2.3.4, 198.51.100.20", "192.0.2.7"), "https");
    assertEquals(new ClientAddresses.Client("198.51.100.20", "https"), client);
  }

  @Test
  void portsAndIpv6AndMappedAddressesAreUnderstood() {
    assertEquals(
        "2001:db8::1",
        behindProxies.of("::ffff:10.0.0.9", false, List.of("[2001:db8::1]:4711"), null).address());
    assertEquals(
        "198.51.100.20",
        behindProxies.of("fd00::1", false, List.of("198.51.100.20:5000"), null).address());
  }

  @Test
  void aHopThatIsNoAddressEndsTheTrust() {
    ClientAddresses.Client client =
        behindProxies.of("10.0.0.2", false, List.of("evil.example, 10.0.0.3"), "gopher");
    // Everything left of the garbage is unknown: the last believed hop is the client.
    assertEquals(new ClientAddresses.Client("10.0.0.3", "http"), client);
  }

  @Test
  void aTrustedPeerWithoutHeadersIsTheClient() {
    assertEquals("10.0.0.2", behindProxies.of("10.0.0.2", false, List.of(), null).address());
  }

  @Test
  void aMisconfiguredProxyListIsRefusedAtStart() {
    assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(List.of("proxy.lan")));
    assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(List.of("10.0.0.0/33")));
  }
}
