package com.widgetforge.price.market;

import com.widgetforge.price.PriceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether a symbol's market is open, by a trading calendar per symbol category ({@code
 * price.market-hours.<category>}). The MetaTrader5 Python package does not expose a symbol's
 * trading sessions, so the calendar is configuration: by default FX, metals, energies and indices
 * trade from Sunday 17:00 to Friday 17:00 New York time (the FX week), stocks on weekdays, crypto
 * always; a category without a calendar uses the {@code default} one.
 */
@ApplicationScoped
public class MarketHours {

  /** The market's state, as the APIs and events name it. */
  public enum State {
    OPEN,
    CLOSED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static final Map<String, String> DEFAULTS =
      Map.of(
          "fx", "Sun 17:00-Fri 17:00 America/New_York",
          "metal", "Sun 17:00-Fri 17:00 America/New_York",
          "energy", "Sun 17:00-Fri 17:00 America/New_York",
          "index", "Sun 17:00-Fri 17:00 America/New_York",
          "stock", "Mon-Fri 09:30-16:00 America/New_York",
          "crypto", "always",
          "default", "Sun 17:00-Fri 17:00 America/New_York");

  private final Map<String, WeeklyCalendar> calendars = new HashMap<>();

  @jakarta.inject.Inject
  public MarketHours(PriceConfig config) {
    this(config.marketHours());
  }

  MarketHours(Map<String, String> configured) {
    Map<String, String> specs = new HashMap<>(DEFAULTS);
    specs.putAll(configured);
    specs.forEach(
        (category, spec) -> {
          try {
            calendars.put(category.toLowerCase(java.util.Locale.ROOT), WeeklyCalendar.parse(spec));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "price.market-hours." + category + ": " + e.getMessage(), e);
          }
        });
  }

  /** The state of a market of {@code category} (null or unknown: the default calendar). */
  public State at(String category, Instant at) {
    WeeklyCalendar calendar =
        calendars.getOrDefault(
            category == null ? "default" : category.toLowerCase(java.util.Locale.ROOT),
            calendars.get("default"));
    return calendar.isOpen(at) ? State.OPEN : State.CLOSED;
  }
}
