package com.widgetforge.widget.stream;

import java.util.Optional;

/**
 * Whether a symbol's market is open, by price-service's trading calendar ({@code price.latest}).
 */
public enum Market {
  OPEN("open"),
  CLOSED("closed");

  private final String label;

  Market(String label) {
    this.label = label;
  }

  /** As the contract and the browser stream spell it: {@code open} or {@code closed}. */
  public String label() {
    return label;
  }

  /** The state spelt {@code label}, or empty for anything else. */
  public static Optional<Market> parse(String label) {
    for (Market market : values()) {
      if (market.label.equals(label)) {
        return Optional.of(market);
      }
    }
    return Optional.empty();
  }
}
