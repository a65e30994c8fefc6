package com.widgetforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private final RouteTable table =
      new RouteTable(
          new LinkedHashMap<>(
              Map.of(
                  "widget", List.of("/"),
                  "price", List.of("/api/prices/"),
                  "auth", List.of("/auth"))));

  @Test
  void longestPrefixWins() {
    assertEquals(Optional.of("price"), table.routeFor("/api/prices/EURUSD/latest"));
    assertEquals(Optional.of("widget"), table.routeFor("/api/widgets/1"));
  }

  @Test
  void prefixesMatchWholePathSegmentsOnly() {
    assertEquals(Optional.of("auth"), table.routeFor("/auth"));
    assertEquals(Optional.of("auth"), table.routeFor("/auth/login"));
    assertEquals(Optional.of("widget"), table.routeFor("/authority"));
    assertEquals(Optional.of("price"), table.routeFor("/api/prices"));
  }

  @Test
  void withoutACatchAllUnknownPathsHaveNoRoute() {
    RouteTable narrow = new RouteTable(Map.of("auth", List.of("/auth")));
    assertEquals(Optional.empty(), narrow.routeFor("/dashboard"));
  }

  @Test
  void twoRoutesClaimingOnePrefixIsAConfigurationError() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RouteTable(
                    new LinkedHashMap<>(Map.of("a", List.of("/x"), "b", List.of("/x/")))));
    assertEquals(true, error.getMessage().contains("/x"));
  }

  @Test
  void relativePrefixIsAConfigurationError() {
    assertThrows(IllegalArgumentException.class, () -> new RouteTable(Map.of("a", List.of("api"))));
  }
}
