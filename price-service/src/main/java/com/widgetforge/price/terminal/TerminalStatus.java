package com.widgetforge.price.terminal;

/**
 * A terminal's state, since when, and why (the bridge's error message, if any); the last error it
 * reported, kept after it recovers; and its trade server's clock ({@code UTC+02:00}, with the zone
 * when configured), once known.
 */
public record TerminalStatus(
    String terminalId,
    TerminalState state,
    long sinceMsc,
    String message,
    String lastError,
    String serverClock) {}
