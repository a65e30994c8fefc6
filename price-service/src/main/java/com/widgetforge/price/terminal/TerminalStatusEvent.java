package com.widgetforge.price.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code price.terminals} message, version 1 (deploy/asyncapi.yaml, TerminalStatus). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TerminalStatusEvent(
    int v,
    String terminalId,
    String state,
    long timeMsc,
    String message,
    String lastError,
    String serverClock,
    java.util.List<String> symbols,
    Integer priority) {

  /** The status, with the canonical symbols the terminal quotes and its priority for them. */
  public static TerminalStatusEvent of(
      TerminalStatus status, java.util.List<String> symbols, int priority) {
    return new TerminalStatusEvent(
        1,
        status.terminalId(),
        status.state().wireName(),
        status.sinceMsc(),
        status.message(),
        status.lastError(),
        status.serverClock(),
        symbols,
        priority);
  }
}
