package com.widgetforge.price.terminal;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code price.terminals} message, version 1 (deploy/asyncapi.yaml, TerminalStatus). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TerminalStatusEvent(
    int v, String terminalId, String state, long timeMsc, String message) {

  public static TerminalStatusEvent of(TerminalStatus status) {
    return new TerminalStatusEvent(
        1, status.terminalId(), status.state().wireName(), status.sinceMsc(), status.message());
  }
}
