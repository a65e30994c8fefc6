package com.widgetforge.widget.stream;

/** A tick from {@code price.ticks} (deploy/asyncapi.yaml, PriceTick v1), as browsers get it. */
public record PriceTick(
    int v,
    String symbol,
    String terminalId,
    double bid,
    double ask,
    double last,
    long volume,
    long timeMsc,
    int digits) {}
