package com.widgetforge.widget.embed;

import com.widgetforge.widget.stream.Market;
import com.widgetforge.widget.stream.PriceTick;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * One symbol as a widget first renders it; the page's script keeps it live. A closed market's price
 * is its last one, shown as closed, never as delayed.
 */
public record Quote(
    String symbol,
    String bid,
    String ask,
    int digits,
    long timeMsc,
    boolean stale,
    boolean closed) {

  /** A price older than this is shown as delayed, not as current (unless its market is closed). */
  public static final long STALE_AFTER_MSC = 30_000;

  static Quote of(String symbol, PriceTick tick, Market market, String locale, long nowMsc) {
    boolean closed = market == Market.CLOSED;
    if (tick == null) {
      return new Quote(symbol, "–", "–", 5, 0, !closed, closed);
    }
    NumberFormat format = NumberFormat.getNumberInstance(Locale.forLanguageTag(locale));
    format.setMinimumFractionDigits(tick.digits());
    format.setMaximumFractionDigits(tick.digits());
    return new Quote(
        symbol,
        format.format(tick.bid()),
        format.format(tick.ask()),
        tick.digits(),
        tick.timeMsc(),
        !closed && nowMsc - tick.timeMsc() > STALE_AFTER_MSC,
        closed);
  }
}
