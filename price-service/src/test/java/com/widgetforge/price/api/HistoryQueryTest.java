package com.widgetforge.price.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.widgetforge.kit.problem.ApiProblem;
import com.widgetforge.price.history.Timeframe;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryQueryTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static String refusal(String timeframe, String from, String to, String limit) {
    ApiProblem problem =
        assertThrows(ApiProblem.class, () -> HistoryQuery.parse(timeframe, from, to, limit, NOW));
    assertEquals(400, problem.status().getStatusCode());
    return problem.getMessage();
  }

  @Test
  void defaultsToTheLast24HoursOfM15() {
    HistoryQuery query = HistoryQuery.parse(null, null, null, null, NOW);
    assertEquals(Timeframe.M15, query.timeframe());
    assertEquals(NOW, query.to());
    assertEquals(Duration.ofHours(24), Duration.between(query.from(), query.to()));
    assertEquals(5000, query.limit());
  }

  @Test
  void readsEpochSecondsAndIsoInstants() {
    HistoryQuery query = HistoryQuery.parse("H1", "1767571200", "2026-01-06T00:00:00Z", "10", NOW);
    assertEquals(Instant.parse("2026-01-05T00:00:00Z"), query.from());
    assertEquals(Instant.parse("2026-01-06T00:00:00Z"), query.to());
    assertEquals(10, query.limit());
  }

  @Test
  void rejectsUnknownTimeframesNamingTheKnownOnes() {
    assertTrue(refusal("M2", null, null, null).contains("M1, M5, M15, M30, H1, H4, D1"));
    assertTrue(refusal("m15", null, null, null).startsWith("timeframe"));
  }

  @Test
  void rejectsAnInvertedRange() {
    assertEquals(
        "from must not be after to",
        refusal(null, "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", null));
  }

  @Test
  void rejectsUnreadableInstants() {
    assertTrue(refusal(null, "yesterday", null, null).startsWith("from must be"));
    assertTrue(refusal(null, null, "<script>", null).startsWith("to must be"));
  }

  @Test
  void rejectsInstantsPostgresCannotStore() {
    assertEquals("from must lie between 1970 and 9999", refusal(null, "-999999999999", null, null));
    assertEquals(
        "to must lie between 1970 and 9999", refusal(null, null, "+300000-01-01T00:00:00Z", null));
  }

  @Test
  void limitIsBetween1And5000() {
    for (String limit : new String[] {"0", "-1", "5001", "abc", "99999999999"}) {
      assertTrue(refusal(null, null, null, limit).startsWith("limit must be"), limit);
    }
    assertEquals(5000, HistoryQuery.parse(null, null, null, "5000", NOW).limit());
    assertEquals(1, HistoryQuery.parse(null, null, null, "1", NOW).limit());
  }
}
