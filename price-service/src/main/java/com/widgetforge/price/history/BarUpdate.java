package com.widgetforge.price.history;

/** A bar as it stands after a tick: prices as doubles, in the symbol's digits. */
public record BarUpdate(
    String symbol,
    String terminalId,
    Timeframe timeframe,
    long time,
    double open,
    double high,
    double low,
    double close,
    long tickVolume,
    int spread,
    long realVolume,
    State state) {

  /** Where the bar is in its life. */
  public enum State {
    OPENED,
    UPDATED,
    CLOSED
  }

  BarUpdate with(State newState) {
    return new BarUpdate(
        symbol,
        terminalId,
        timeframe,
        time,
        open,
        high,
        low,
        close,
        tickVolume,
        spread,
        realVolume,
        newState);
  }
}
