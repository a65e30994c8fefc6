package com.widgetforge.account.provider;

import java.time.Duration;
import java.util.Optional;

/** A provider call that failed; {@link Transient} ones are worth retrying. */
public class ProviderException extends RuntimeException {

  private final Integer status;

  public ProviderException(String message, Integer status) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The HTTP status, when there was one. */
  public Optional<Integer> status() {
    return Optional.ofNullable(status);
  }

  /** A failure that may pass: 429, 5xx, a timeout, a refused connection. */
  public static class Transient extends ProviderException {
    private final Duration retryAfter;

    public Transient(String message, Integer status, Duration retryAfter) {
      super(message, status);
      this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }
}
