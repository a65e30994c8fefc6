package com.widgetforge.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps a request path to a route name by the longest matching prefix, on segment boundaries. */
public final class RouteTable {

  private record Entry(String prefix, String route) {}

  private final List<Entry> entries = new ArrayList<>();

  public RouteTable(Map<String, List<String>> prefixesByRoute) {
    prefixesByRoute.forEach(
        (route, prefixes) -> {
          for (String prefix : prefixes) {
            if (!prefix.startsWith("/")) {
              throw new IllegalArgumentException(
                  "gateway route " + route + ": prefix must start with '/': " + prefix);
            }
            String trimmed =
                prefix.length() > 1 && prefix.endsWith("/")
                    ? prefix.substring(0, prefix.length() - 1)
                    : prefix;
            entries.stream()
                .filter(entry -> entry.prefix().equals(trimmed))
                .findAny()
                .ifPresent(
                    clash -> {
                      throw new IllegalArgumentException(
                          "prefix "
                              + trimmed
                              + " is claimed by routes "
                              + clash.route()
                              + " and "
                              + route);
                    });
            entries.add(new Entry(trimmed, route));
          }
        });
    entries.sort(Comparator.comparingInt((Entry entry) -> entry.prefix().length()).reversed());
  }

  /** The route for {@code path} (already normalized), if any. */
  public Optional<String> routeFor(String path) {
    for (Entry entry : entries) {
      if (matches(entry.prefix(), path)) {
        return Optional.of(entry.route());
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String prefix, String path) {
    if (prefix.equals("/")) {
      return true;
    }
    return path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
  }
}
