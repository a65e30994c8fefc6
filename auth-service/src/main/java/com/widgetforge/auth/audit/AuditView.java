package com.widgetforge.auth.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** An audit record as {@code GET /auth/audit} shows it, with the actor named where known. */
public record AuditView(
    long id,
    String recordId,
    Instant time,
    String service,
    String event,
    Actor actor,
    String target,
    String client,
    String outcome,
    String detail) {

  /**
   * Who acted: the id as recorded; its kind ({@code user}, {@code api-key}, {@code anonymous} or
   * {@code other}); a user's display name and e-mail address or an API key's name, where known.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Actor(String id, String kind, String name, String email) {}

  static AuditView of(AuditEntry entry, Actor actor) {
    return new AuditView(
        entry.id,
        entry.recordId.toString(),
        entry.occurredAt,
        entry.service,
        entry.event,
        actor,
        entry.target,
        entry.client,
        entry.outcome,
        entry.detail);
  }
}
