package com.widgetforge.gateway;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who a request comes from. The connection's peer, unless the peer is one of the configured trusted
 * proxies (a TLS terminator or load balancer in front of the gateway): then {@code X-Forwarded-For}
 * is read from the right, skipping the trusted proxies' own hops, and the first address they did
 * not add is the client. Whatever else a client writes in the header is ignored, so limits and logs
 * keyed on the address cannot be dodged by forging it.
 */
final class ClientAddresses {

  /** A request's client: its address and the scheme it used to reach the edge. */
  record Client(String address, String scheme) {
    boolean secure() {
      return scheme.equals("https");
    }
  }

  private final List<Network> trusted;

  /**
   * @param trustedProxies addresses ({@code 10.0.0.7}) and networks ({@code 10.0.0.0/8}, {@code
   *     fd00::/8}) of proxies whose forwarding headers are believed
   */
  ClientAddresses(List<String> trustedProxies) {
    trusted = new ArrayList<>();
    for (String proxy : trustedProxies) {
      trusted.add(Network.parse(proxy.strip()));
    }
  }

  Client of(HttpServerRequest request) {
    return of(
        request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress(),
        request.isSSL(),
        request.headers().getAll("X-Forwarded-For"),
        request.getHeader("X-Forwarded-Proto"));
  }

  /**
   * The client of a connection from {@code peer}, over TLS or not, that carried these forwarding
   * headers ({@code forwardedProto} may be null).
   */
  Client of(String peer, boolean tls, List<String> forwardedFor, String forwardedProto) {
    String scheme = tls ? "https" : "http";
    if (!trusts(peer)) {
      return new Client(peer, scheme);
    }
    String client = peer;
    List<String> hops = hops(forwardedFor);
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
        break; // not an address: nothing left of it can be believed
      }
      client = hop;
      if (!trusts(hop)) {
        break;
      }
    }
    if (forwardedProto != null) {
      String proto = forwardedProto.substring(forwardedProto.lastIndexOf(',') + 1).strip();
      proto = proto.toLowerCase(Locale.ROOT);
      if (proto.equals("https") || proto.equals("http")) {
        scheme = proto;
      }
    }
    return new Client(client, scheme);
  }

  private boolean trusts(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return false;
    }
    byte[] plain = Network.unmapped(bytes);
    return trusted.stream().anyMatch(network -> network.contains(plain));
  }

  private static List<String> hops(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String hop : header.split(",")) {
        String address = hop.strip();
        // "[2001:db8::1]:4711" and "192.0.2.1:4711" name the address with its port.
        if (address.startsWith("[") && address.indexOf(']') > 0) {
          address = address.substring(1, address.indexOf(']'));
        } else if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':')) {
          address = address.substring(0, address.indexOf(':'));
        }
        hops.add(address);
      }
    }
    return hops;
  }

  /** An address block: {@code prefix} leading bits of {@code base}. */
  private record Network(byte[] base, int prefix) {

    static Network parse(String text) {
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
      if (bytes == null) {
        throw new IllegalArgumentException(
            "gateway.trusted-proxies: '" + text + "' is not an address or a network (10.0.0.0/8)");
      }
      bytes = unmapped(bytes);
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException(
              "gateway.trusted-proxies: '" + text + "' has no valid prefix length");
        }
      }
      return new Network(bytes, prefix);
    }

    /** An IPv4 address written into IPv6 ({@code ::ffff:10.0.0.7}) as the IPv4 address. */
    static byte[] unmapped(byte[] bytes) {
      if (bytes.length != 16) {
        return bytes;
      }
      for (int i = 0; i < 10; i++) {
        if (bytes[i] != 0) {
          return bytes;
        }
      }
      if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
        return bytes;
      }
      return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    boolean contains(byte[] address) {
      if (address.length != base.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != base[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (base[whole] & mask);
    }
  }
}
