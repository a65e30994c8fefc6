package com.widgetforge.account.provider;

import java.time.Duration;
import java.time.Instant;

/**
 * An account's provider status as the API shows it: when a poll last succeeded, whether that is too
 * long ago ({@code stale}, after {@code staleAfter}), the last poll's error (a short message
 * written by account-service, never a provider's body, a credential or a stack trace; cleared by
 * the next good poll) and whether the provider's circuit breaker is open.
 */
public record ProviderStatus(
    Instant lastSyncAt,
    boolean stale,
    Duration staleAfter,
    String lastError,
    Instant lastErrorAt,
    boolean circuitOpen) {}
