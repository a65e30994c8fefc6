package com.widgetforge.widget.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.widgetforge.widget.embed.WidgetLanguage;
import com.widgetforge.widget.embed.WidgetMessages;
import java.text.NumberFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * What an account widget shows: the trader's display name, where the numbers come from and when
 * they were synced, and only the fields the widget's owner made public, formatted for the viewer's
 * locale. Nothing else of the snapshot leaves the server.
 */
public record AccountCard(
    String displayName,
    String provider,
    String syncedAt,
    long timeMsc,
    boolean stale,
    List<Metric> metrics) {

  /** One public figure; {@code meter} is a 0–100 fill for progress-like figures, else null. */
  public record Metric(String key, String label, String value, String detail, Double meter) {}

  /** A card for a snapshot nobody has published yet. */
  public static AccountCard waiting(String displayName, List<String> fields, String locale) {
    WidgetMessages words = WidgetLanguage.messages(locale);
    return withoutFigures(displayName, words.waiting(), fields, words);
  }

  /** A card for an account its owner deleted: it says so, and shows no figure. */
  public static AccountCard removed(List<String> fields, String locale) {
    WidgetMessages words = WidgetLanguage.messages(locale);
    return withoutFigures("", words.removed(), fields, words);
  }

  private static AccountCard withoutFigures(
      String displayName, String note, List<String> fields, WidgetMessages words) {
    List<Metric> metrics = new ArrayList<>();
    for (String field : fields) {
      metrics.add(new Metric(field, label(field, words), "–", "", null));
    }
    return new AccountCard(displayName, note, "", 0, true, metrics);
  }

  public static AccountCard of(
      JsonNode s, String displayName, List<String> fields, String locale, long staleAfterMsc) {
    Locale viewer = Locale.forLanguageTag(locale);
    WidgetMessages words = WidgetLanguage.messages(locale);
    long time = s.path("timeMsc").asLong();
    boolean stale =
        s.path("stale").asBoolean(false) || System.currentTimeMillis() - time > staleAfterMsc;
    List<Metric> metrics = new ArrayList<>();
    for (String field : fields) {
      metrics.add(metric(field, s, viewer, words));
    }
    return new AccountCard(
        displayName,
        provider(s.path("provider").asText(), words),
        Instant.ofEpochMilli(time).toString(),
        time,
        stale,
        metrics);
  }

  private static Metric metric(String field, JsonNode s, Locale locale, WidgetMessages words) {
    String label = label(field, words);
    return switch (field) {
      case "balance" -> new Metric(field, label, money(s, "balance", locale), "", null);
      case "equity" -> new Metric(field, label, money(s, "equity", locale), "", null);
      case "gain" -> new Metric(field, label, pct(s, "gainPct", locale, true), "", null);
      case "drawdown" ->
          new Metric(field, label, pct(s, "maxDrawdownPct", locale, false), "", null);
      case "dailyLoss" -> {
        String used = pct(s, "dailyLossUsedPct", locale, false);
        String value =
            s.hasNonNull("dailyLossLimitPct")
                ? words.usedOf(used, pct(s, "dailyLossLimitPct", locale, false))
                : used;
        String reset =
            s.hasNonNull("dailyResetTime")
                ? words.resets(
                    s.get("dailyResetTime").asText(), s.path("dailyResetZone").asText("UTC"))
                : "";
        Double fill =
            s.hasNonNull("dailyLossLimitPct") && s.get("dailyLossLimitPct").asDouble() > 0
                ? Math.min(
                    100,
                    100
                        * s.path("dailyLossUsedPct").asDouble()
                        / s.get("dailyLossLimitPct").asDouble())
                : null;
        yield new Metric(field, label, value, reset, fill);
      }
      case "target" -> {
        Double fill =
            s.hasNonNull("profitTargetProgressPct")
                ? Math.max(0, Math.min(100, s.get("profitTargetProgressPct").asDouble()))
                : null;
        yield new Metric(field, label, pct(s, "profitTargetProgressPct", locale, false), "", fill);
      }
      case "tradingDays" -> {
        // Against the program's minimum, where it has one: "7", "minimum 5", a full meter.
        int minimum = s.path("minTradingDays").asInt(0);
        String days =
            s.hasNonNull("tradingDays") ? String.valueOf(s.get("tradingDays").asInt()) : "–";
        Double fill =
            minimum > 0 && s.hasNonNull("tradingDays")
                ? Math.min(100, 100.0 * s.get("tradingDays").asInt() / minimum)
                : null;
        yield new Metric(field, label, days, minimum > 0 ? words.minimum(minimum) : "", fill);
      }
      default -> throw new IllegalArgumentException(field);
    };
  }

  static String label(String field, WidgetMessages words) {
    return switch (field) {
      case "balance" -> words.balance();
      case "equity" -> words.equity();
      case "gain" -> words.gain();
      case "drawdown" -> words.drawdown();
      case "dailyLoss" -> words.dailyLoss();
      case "target" -> words.target();
      case "tradingDays" -> words.tradingDays();
      default -> field;
    };
  }

  private static String provider(String name, WidgetMessages words) {
    return switch (name) {
      case "fivers" -> "The5ers";
      case "simulated" -> words.simulatedAccount();
      default -> name;
    };
  }

  private static String money(JsonNode s, String field, Locale locale) {
    if (!s.hasNonNull(field)) {
      return "–";
    }
    NumberFormat format = NumberFormat.getCurrencyInstance(locale);
    try {
      format.setCurrency(Currency.getInstance(s.path("currency").asText("USD")));
    } catch (IllegalArgumentException e) {
      format.setCurrency(Currency.getInstance("USD"));
    }
    return format.format(s.get(field).decimalValue());
  }

  private static String pct(JsonNode s, String field, Locale locale, boolean signed) {
    if (!s.hasNonNull(field)) {
      return "–";
    }
    NumberFormat format = NumberFormat.getNumberInstance(locale);
    format.setMinimumFractionDigits(2);
    format.setMaximumFractionDigits(2);
    double value = s.get(field).asDouble();
    // A no-break space: "0.00 %" never breaks inside the figure, only between figures.
    return (signed && value > 0 ? "+" : "") + format.format(value) + "\u00a0%";
  }
}
