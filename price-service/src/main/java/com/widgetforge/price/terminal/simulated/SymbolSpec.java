package com.widgetforge.price.terminal.simulated;

/**
 * How the simulator quotes one symbol: MT5 digits, a starting mid price, a typical spread and a
 * typical move per tick (both in points, 1 point = 10^-digits), and whether it reports deals.
 */
public record SymbolSpec(
    String name,
    String description,
    String category,
    int digits,
    double initialPrice,
    int typicalSpreadPoints,
    double tickMovePoints,
    boolean reportsLast) {

  public double point() {
    return Math.pow(10, -digits);
  }
}
