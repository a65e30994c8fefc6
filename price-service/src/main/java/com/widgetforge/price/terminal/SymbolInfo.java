package com.widgetforge.price.terminal;

/** A symbol as a terminal describes it (MT5 {@code SymbolInfo}): name, text, digits, category. */
public record SymbolInfo(
    String name, String description, int digits, double point, String category) {}
