package com.widgetforge.devstack.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncApiContractTest {

  private static final String TICK =
      "{\"v\":1,\"symbol\":\"EURUSD\",\"terminalId\":\"sim-1\",\"bid\":1.08412,"
          + "\"ask\":1.08424,\"last\":0,\"volume\":0,\"timeMsc\":1764072000123,\"digits\":5}";

  private final AsyncApiContract contract = AsyncApiContract.load();

  @Test
  void documentsEveryTopicOfTheArchitecture() {
    assertEquals(
        List.of(
            "price.ticks",
            "price.bars",
            "price.latest",
            "price.terminals",
            "account.snapshots",
            "auth.users",
            "auth.sessions",
            "audit.records"),
        contract.topics().stream().map(AsyncApiContract.Topic::name).toList());
  }

  @Test
  void compactsTheTopicsThatKeepTheLatestStatePerKey() {
    assertEquals(
        List.of("price.latest", "price.terminals", "account.snapshots", "auth.users"),
        contract.topics().stream()
            .filter(AsyncApiContract.Topic::compacted)
            .map(AsyncApiContract.Topic::name)
            .toList());
  }

  @Test
  void acceptsAWellFormedTick() {
    assertEquals("PriceTick", contract.payloadSchemaOf("price.ticks"));
    assertEquals(List.of(), contract.violations("price.ticks", TICK));
  }

  @Test
  void rejectsATickWithoutAsk() {
    assertFalse(contract.violations("price.ticks", TICK.replace("\"ask\":1.08424,", "")).isEmpty());
  }

  @Test
  void rejectsATickOfAnotherSchemaVersion() {
    assertFalse(contract.violations("price.ticks", TICK.replace("\"v\":1", "\"v\":2")).isEmpty());
  }

  @Test
  void rejectsFieldsTheContractDoesNotName() {
    assertFalse(contract.violations("price.ticks", TICK.replace("{", "{\"Bid\":1.0,")).isEmpty());
  }

  @Test
  void rejectsASymbolWithMarkup() {
    assertFalse(contract.violations("price.ticks", TICK.replace("EURUSD", "<script>")).isEmpty());
  }

  @Test
  void reportsNonJsonAsAViolation() {
    assertFalse(contract.violations("price.ticks", "not json").isEmpty());
  }

  @Test
  void assertConformsNamesTheTopicWhenItFails() {
    AssertionError error =
        assertThrows(AssertionError.class, () -> contract.assertConforms("price.ticks", "{}"));
    assertTrue(error.getMessage().contains("price.ticks"));
  }

  @Test
  void unknownTopicIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> contract.payloadSchemaOf("nope"));
  }
}
