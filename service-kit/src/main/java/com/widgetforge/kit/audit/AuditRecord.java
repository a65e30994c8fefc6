package com.widgetforge.kit.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.widgetforge.kit.input.ControlCharacters;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One security event as it travels on {@code audit.records} (schema {@code AuditRecord} in {@code
 * deploy/asyncapi.yaml}): who ({@code actor}: a user id, {@code apikey:<id>} or {@code anonymous}),
 * what ({@code event}, {@code detail}), to what ({@code target}), from where ({@code client}) and
 * how it ended ({@code outcome}). Every text is cleaned ({@link #clean}): no control character and
 * at most {@value #MAX_TEXT} characters. Never give it a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
    int v,
    String id,
    long timeMsc,
    String service,
    String event,
    String actor,
    String target,
    String client,
    Outcome outcome,
    String detail) {

  public static final int VERSION = 1;

  /** The longest text kept in a field; longer ones are cut and end in {@code …}. */
  public static final int MAX_TEXT = 200;

  /** The actor of a request nobody signed in to. */
  public static final String ANONYMOUS = "anonymous";

  private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
  private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /** How the event ended: done, tried and failed (a wrong password), or refused (401, 403, 429). */
  public enum Outcome {
    OK,
    FAILED,
    REFUSED;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Outcome of(String wire) {
      return wire == null ? null : valueOf(wire.toUpperCase(Locale.ROOT));
    }
  }

  /** An event to record; the service stamps id, time and its name when it records it. */
  public static Builder event(String event, Outcome outcome) {
    return new Builder(event, outcome);
  }

  /**
   * Whether this record, as read from the topic, is one a store should keep: version, id, time,
   * service, event and outcome present and well-formed.
   */
  public boolean wellFormed() {
    if (v != VERSION || timeMsc <= 0 || outcome == null) {
      return false;
    }
    if (service == null || !SERVICE.matcher(service).matches()) {
      return false;
    }
    if (event == null || !EVENT.matcher(event).matches() || id == null) {
      return false;
    }
    try {
      UUID.fromString(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The same record with every text cleaned again: a store does not trust its producers. */
  public AuditRecord cleaned() {
    return new AuditRecord(
        v,
        id,
        timeMsc,
        clean(service),
        clean(event),
        actor == null || actor.isBlank() ? ANONYMOUS : clean(actor),
        clean(target),
        clean(client),
        outcome,
        clean(detail));
  }

  /**
   * {@code value} without control characters or unpaired surrogates, cut to {@value #MAX_TEXT}
   * characters (then ending in {@code …}); null stays null.
   */
  public static String clean(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_TEXT + 1));
    boolean cut = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (ControlCharacters.isControl(c)) {
        continue;
      }
      int width = 1;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          continue;
        }
        width = 2;
      } else if (Character.isLowSurrogate(c)) {
        continue;
      }
      if (out.length() + width > MAX_TEXT) {
        cut = true;
        break;
      }
      out.append(value, i, i + width);
      i += width - 1;
    }
    return cut ? out.append('…').toString() : out.toString();
  }

  /** The fields of an event before it is recorded. */
  public static final class Builder {
    private final String event;
    private final Outcome outcome;
    private String actor;
    private String target;
    private String client;
    private String detail;

    private Builder(String event, Outcome outcome) {
      if (!EVENT.matcher(Objects.requireNonNull(event)).matches()) {
        throw new IllegalArgumentException("not an audit event name: " + event);
      }
      this.event = event;
      this.outcome = Objects.requireNonNull(outcome);
    }

    /** Who: a user id, {@code apikey:<id>}; null for {@code anonymous}. */
    public Builder actor(Object actor) {
      this.actor = actor == null ? null : actor.toString();
      return this;
    }

    /** To what: a path, a user's e-mail address, an account. */
    public Builder target(String target) {
      this.target = target;
      return this;
    }

    /** From which client address. */
    public Builder client(String client) {
      this.client = client;
      return this;
    }

    /** Anything else worth knowing, e.g. {@code POST 201}. */
    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    /** The record, stamped with a new id, the time and the recording service. */
    public AuditRecord build(String service, long timeMsc) {
      return new AuditRecord(
              VERSION,
              UUID.randomUUID().toString(),
              timeMsc,
              service,
              event,
              actor,
              target,
              client,
              outcome,
              detail)
          .cleaned();
    }
  }
}
