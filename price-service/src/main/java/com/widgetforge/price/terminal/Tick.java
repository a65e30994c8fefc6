package com.widgetforge.price.terminal;

/** A symbol's best prices at a moment, in MT5's terms ({@code MqlTick}). */
public record Tick(
    String symbol, double bid, double ask, double last, long volume, long timeMsc, int digits) {}
