package com.widgetforge.widget.embed;

import com.widgetforge.widget.stream.Market;
import com.widgetforge.widget.stream.PriceTick;
import io.quarkus.qute.TemplateData;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * One symbol as a widget first renders it; the page's script keeps it live. A closed market's price
 * is its last one, shown as closed, never as delayed. The day's change is the bid's since {@code
 * dayOpen} (price-service's current D1 bar), absolute and in per cent, each with its sign, and
 * {@code direction} {@code up}, {@code down} or {@code flat} (empty while the day open is not
 * known); the spread is in points, as price-service counts it.
 */
@TemplateData
public record Quote(
    String symbol,
    String bid,
    String ask,
    int digits,
    long timeMsc,
    boolean stale,
    boolean closed,
    String dayOpen,
    String change,
    String changePct,
    String direction,
    String spread) {

  /** A price older than this is shown as delayed, not as current (unless its market is closed). */
  public static final long STALE_AFTER_MSC = 30_000;

  static Quote of(
      String symbol, PriceTick tick, Market market, Double dayOpen, String locale, long nowMsc) {
    boolean closed = market == Market.CLOSED;
    if (tick == null) {
      return new Quote(symbol, "–", "–", 5, 0, !closed, closed, "", "", "", "", "–");
    }
    Locale viewer = Locale.forLanguageTag(locale);
    NumberFormat format = NumberFormat.getNumberInstance(viewer);
    format.setMinimumFractionDigits(tick.digits());
    format.setMaximumFractionDigits(tick.digits());
    double scale = Math.pow(10, tick.digits());
    String open = "";
    String change = "";
    String changePct = "";
    String direction = "";
    if (dayOpen != null && dayOpen > 0) {
      open = Double.toString(dayOpen);
      // In whole points, as shown, so that the sign never contradicts the figure.
      long points = Math.round((tick.bid() - dayOpen) * scale);
      direction = points > 0 ? "up" : points < 0 ? "down" : "flat";
      NumberFormat percent = NumberFormat.getPercentInstance(viewer);
      percent.setMinimumFractionDigits(2);
      percent.setMaximumFractionDigits(2);
      double ratio = (tick.bid() - dayOpen) / dayOpen;
      change = signed(format.format(Math.abs(points / scale)), points);
      changePct = signed(percent.format(Math.abs(ratio)), Math.round(ratio * 10_000));
    }
    return new Quote(
        symbol,
        format.format(tick.bid()),
        format.format(tick.ask()),
        tick.digits(),
        tick.timeMsc(),
        !closed && nowMsc - tick.timeMsc() > STALE_AFTER_MSC,
        closed,
        open,
        change,
        changePct,
        direction,
        NumberFormat.getIntegerInstance(viewer)
            .format(Math.round((tick.ask() - tick.bid()) * scale)));
  }

  /** {@code magnitude} with a plus or minus sign, none when it shows as zero. */
  private static String signed(String magnitude, long shown) {
    return shown > 0 ? "+" + magnitude : shown < 0 ? "-" + magnitude : magnitude;
  }

  /** The arrow beside the change: a second cue besides its colour (hidden from screen readers). */
  public String arrow() {
    return switch (direction) {
      case "up" -> "▲";
      case "down" -> "▼";
      default -> "";
    };
  }
}
