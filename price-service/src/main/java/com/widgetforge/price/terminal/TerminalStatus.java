package com.widgetforge.price.terminal;

/** A terminal's state, since when, and why (the bridge's error message, if any). */
public record TerminalStatus(
    String terminalId, TerminalState state, long sinceMsc, String message) {}
