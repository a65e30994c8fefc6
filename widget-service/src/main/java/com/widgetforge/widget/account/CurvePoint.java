package com.widgetforge.widget.account;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One point of an equity curve, from a snapshot: its time (epoch seconds), balance, equity and
 * today's daily-loss floor (the equity at which the daily-loss limit is reached; null without a
 * limit). What an equity-curve widget shows of the account, besides its public card.
 */
public record CurvePoint(long time, Double balance, Double equity, Double floor, String currency) {

  public static CurvePoint of(JsonNode snapshot) {
    return new CurvePoint(
        snapshot.path("timeMsc").asLong() / 1000,
        number(snapshot, "balance"),
        number(snapshot, "equity"),
        number(snapshot, "dailyLossFloor"),
        snapshot.path("currency").asText("USD"));
  }

  private static Double number(JsonNode snapshot, String field) {
    return snapshot.hasNonNull(field) && snapshot.get(field).isNumber()
        ? snapshot.get(field).asDouble()
        : null;
  }
}
