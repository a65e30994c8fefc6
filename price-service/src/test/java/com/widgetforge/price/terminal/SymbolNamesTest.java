package com.widgetforge.price.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Broker symbol names and WidgetForge's canonical ones. */
class SymbolNamesTest {

  private final SymbolNames automatic = SymbolNames.automatic();

  @Test
  void brokerDecorationsAreStrippedByDefault() {
    assertEquals("EURUSD", automatic.canonical("EURUSD.raw"));
    assertEquals("US30", automatic.canonical("US30.cash"));
    assertEquals("US30", automatic.canonical("#US30"));
    assertEquals("EURUSD", automatic.canonical("EURUSD_i"));
    assertEquals("EURUSD", automatic.canonical("EURUSD"));
  }

  @Test
  void configuredPrefixSuffixAndAliasesWin() {
    SymbolNames names =
        new SymbolNames(SymbolNames.parseAliases(List.of("GER40.cash=DE40")), "", "m");
    assertEquals("EURUSD", names.canonical("EURUSDm"));
    assertEquals("DE40", names.canonical("GER40.cash"));
  }

  @Test
  void theUndecoratedSymbolQuotesACanonicalNameBeforeADecoratedOne() {
    assertEquals(
        Optional.of("EURUSD"),
        automatic.terminalNameOf("EURUSD", List.of("EURUSD.raw", "EURUSD", "GBPUSD")));
    assertEquals(
        Optional.of("EURUSD.raw"), automatic.terminalNameOf("EURUSD", List.of("EURUSD.raw")));
    assertEquals(Optional.empty(), automatic.terminalNameOf("GBPJPY", List.of("EURUSD.raw")));
  }

  @Test
  void aMalformedAliasIsRefusedByName() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> SymbolNames.parseAliases(List.of("US30")));
    assertEquals("alias 'US30' is not TERMINAL_NAME=CANONICAL_NAME", error.getMessage());
    assertEquals(Map.of("A.x", "A"), SymbolNames.parseAliases(List.of("A.x=A")));
  }
}
