package com.widgetforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicasTest {

  private static InetAddress ip(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aNameWithSeveralAddressesBecomesOneBackendPerReplica() {
    List<SocketAddress> backends =
        Replicas.of(
            List.of(URI.create("http://widget-service:8084"), URI.create("http://10.0.0.9:8084")),
            host ->
                host.equals("widget-service")
                    ? new InetAddress[] {ip("172.28.0.4"), ip("172.28.0.5"), ip("172.28.0.6")}
                    : new InetAddress[] {ip(host)});
    assertEquals(
        List.of("172.28.0.4:8084", "172.28.0.5:8084", "172.28.0.6:8084", "10.0.0.9:8084"),
        backends.stream().map(a -> a.host() + ":" + a.port()).toList());
  }

  @Test
  void aNameThatDoesNotResolveYetIsKeptToBeTriedLater() {
    List<SocketAddress> backends =
        Replicas.of(
            List.of(URI.create("http://price-service")),
            host -> {
              throw new UnknownHostException(host);
            });
    assertEquals("price-service", backends.get(0).host());
    assertEquals(80, backends.get(0).port());
  }
}
