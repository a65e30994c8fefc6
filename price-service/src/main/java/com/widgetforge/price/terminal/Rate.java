package com.widgetforge.price.terminal;

/** A bar as a terminal reports it (MT5 {@code MqlRates}): open time in epoch seconds. */
public record Rate(
    long time,
    double open,
    double high,
    double low,
    double close,
    long tickVolume,
    int spread,
    long realVolume) {}
