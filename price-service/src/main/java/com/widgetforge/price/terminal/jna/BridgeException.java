package com.widgetforge.price.terminal.jna;

/** A failed or nonsensical answer of the native bridge, with the bridge's own message. */
public class BridgeException extends RuntimeException {

  public BridgeException(String message) {
    super(message);
  }
}
