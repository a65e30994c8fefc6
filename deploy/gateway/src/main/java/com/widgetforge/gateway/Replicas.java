package com.widgetforge.gateway;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The backends of a route: every address each target's host name resolves to. In docker compose a
 * service name resolves to all replicas of a scaled service, so spreading over these addresses
 * spreads over the replicas. A host that does not resolve stays as a name, to be tried (and
 * resolved again) later.
 */
final class Replicas {

  /** Looks up every address of a host name. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private Replicas() {}

  static List<SocketAddress> of(List<URI> targets, Resolver resolver) {
    Set<SocketAddress> addresses = new LinkedHashSet<>();
    for (URI target : targets) {
      int port = port(target);
      try {
        for (InetAddress address : resolver.resolve(target.getHost())) {
          addresses.add(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
        }
      } catch (UnknownHostException e) {
        addresses.add(SocketAddress.inetSocketAddress(port, target.getHost()));
      }
    }
    return new ArrayList<>(addresses);
  }

  static int port(URI target) {
    if (target.getPort() > 0) {
      return target.getPort();
    }
    return "https".equals(target.getScheme()) ? 443 : 80;
  }
}
