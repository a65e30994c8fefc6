package com.widgetforge.price.terminal;

/**
 * The trade server refused the terminal's login or password: retrying soon will not help, so the
 * poller waits its longest backoff before the next attempt (no retry storm against the broker).
 */
public class LoginRefused extends RuntimeException {

  public LoginRefused(String message) {
    super(message);
  }
}
