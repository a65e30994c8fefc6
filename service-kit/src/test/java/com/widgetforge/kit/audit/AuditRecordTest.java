package com.widgetforge.kit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.widgetforge.devstack.contract.AsyncApiContract;
import com.widgetforge.kit.audit.AuditRecord.Outcome;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AsyncApiContract CONTRACT = AsyncApiContract.load();

  @Test
  void aRecordIsStampedAndItsJsonKeepsTheContract() throws Exception {
    AuditRecord record =
        AuditRecord.event("admin.change", Outcome.OK)
            .actor(UUID.fromString("7b0c6a55-3c1e-4d55-9a47-0d3c1d2f9e10"))
            .target("/auth/users/1")
            .client("203.0.113.9")
            .detail("POST /auth/users 201")
            .build("auth-service", 1_700_000_000_123L);
    String json = JSON.writeValueAsString(record);
    CONTRACT.assertConforms("audit.records", json);

    JsonNode node = JSON.readTree(json);
    assertEquals(1, node.path("v").asInt());
    assertEquals(1_700_000_000_123L, node.path("timeMsc").asLong());
    assertEquals("auth-service", node.path("service").asText());
    assertEquals("ok", node.path("outcome").asText());
    assertEquals("7b0c6a55-3c1e-4d55-9a47-0d3c1d2f9e10", node.path("actor").asText());
    UUID.fromString(node.path("id").asText());
    assertEquals(record, JSON.readValue(json, AuditRecord.class), "read back as written");
  }

  @Test
  void eachRecordHasAnIdOfItsOwnAndNobodyIsAnonymous() throws Exception {
    AuditRecord.Builder event = AuditRecord.event("login.failed", Outcome.FAILED);
    AuditRecord first = event.build("auth-service", 1L);
    AuditRecord second = event.build("auth-service", 1L);
    assertNotEquals(first.id(), second.id());
    assertEquals(AuditRecord.ANONYMOUS, first.actor());
    String json = JSON.writeValueAsString(first);
    assertFalse(json.contains("target"), "null fields are left out: " + json);
    CONTRACT.assertConforms("audit.records", json);
  }

  @Test
  void textsLoseControlCharactersAndUnpairedSurrogatesAndAreCut() {
    assertEquals("ab", AuditRecord.clean("a\u0000\nb\u009f"));
    assertEquals("ab", AuditRecord.clean("a\ud800b\udc00"));
    assertEquals("a\ud83d\ude00", AuditRecord.clean("a\ud83d\ude00"));
    assertNull(AuditRecord.clean(null));
    String cut = AuditRecord.clean("x".repeat(199) + "\ud83d\ude00");
    assertEquals("x".repeat(199) + "…", cut, "a pair is never split");
    assertEquals(AuditRecord.MAX_TEXT + 1, AuditRecord.clean("y".repeat(5000)).length());
  }

  @Test
  void aStoreKeepsOnlyWellFormedRecords() {
    AuditRecord good = AuditRecord.event("login", Outcome.OK).build("price-service", 5L);
    assertTrue(good.wellFormed());
    assertFalse(with(good, 2, good.id(), good.service(), good.event()).wellFormed(), "version");
    assertFalse(with(good, 1, "not-a-uuid", good.service(), good.event()).wellFormed(), "id");
    assertFalse(with(good, 1, good.id(), "Price Service", good.event()).wellFormed(), "service");
    assertFalse(with(good, 1, good.id(), good.service(), "Login!").wellFormed(), "event");
    assertThrows(IllegalArgumentException.class, () -> AuditRecord.event("a b", Outcome.OK));
  }

  private static AuditRecord with(AuditRecord r, int v, String id, String service, String event) {
    return new AuditRecord(
        v, id, r.timeMsc(), service, event, r.actor(), r.target(), r.client(), r.outcome(), null);
  }
}
