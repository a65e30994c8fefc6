package com.widgetforge.price.terminal;

/** What a terminal's last poll said about it. */
public enum TerminalState {
  /** The last call answered. */
  CONNECTED,
  /** The last call failed; reconnection is retried with backoff. */
  DISCONNECTED,
  /** A call has not answered within the call timeout; no other call is made until it does. */
  STALE;

  /** The name used in events and APIs. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
