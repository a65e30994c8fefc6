package com.widgetforge.account.snapshot;

import com.widgetforge.account.AccountConfig;
import com.widgetforge.account.account.AccountService;
import com.widgetforge.account.account.TradingAccount;
import com.widgetforge.account.owner.AccountOwner;
import com.widgetforge.account.provider.AccountData;
import com.widgetforge.account.provider.AccountProvider;
import com.widgetforge.account.provider.ProviderAccount;
import com.widgetforge.account.provider.ProviderStatusStore;
import com.widgetforge.account.provider.RequestGate;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Polls every account whose owner is active, one request at a time per account and never faster
 * than the request floor: {@code info} and {@code positions} in turn, {@code summary} when its
 * cached copy is older than {@code summary-cache}. Each {@code info} answer makes a snapshot; an
 * account whose data has aged past {@code freshness} gets a stale-marked snapshot instead.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class AccountPoller {

  private static final Logger LOG = Logger.getLogger(AccountPoller.class);

  /** What the poller remembers about an account between requests. */
  private static final class State {
    volatile AccountData.Positions positions;
    volatile AccountData.Summary summary;
    volatile Instant summaryAt = Instant.EPOCH;
    volatile java.time.LocalDate summaryDay;
    volatile boolean lastWasInfo;

    /** The failure last logged at WARN: the same again is logged at DEBUG only. */
    volatile String lastFailure;
  }

  private final AccountService accounts;
  private final SnapshotService snapshots;
  private final RequestGate gate;
  private final ProviderStatusStore status;
  private final Duration summaryCache;
  private final MeterRegistry metrics;
  private final Map<UUID, State> states = new ConcurrentHashMap<>();
  private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "account-poller");
            t.setDaemon(true);
            return t;
          });

  AccountPoller(
      AccountService accounts,
      SnapshotService snapshots,
      RequestGate gate,
      ProviderStatusStore status,
      AccountConfig config,
      MeterRegistry metrics) {
    this.accounts = accounts;
    this.snapshots = snapshots;
    this.gate = gate;
    this.status = status;
    this.summaryCache = config.polling().summaryCache();
    this.metrics = metrics;
    for (String provider : List.of("simulated", "fivers")) {
      metrics.counter("widgetforge.account.snapshots", "provider", provider);
      metrics.counter("widgetforge.account.provider.errors", "provider", provider);
    }
  }

  @Scheduled(
      every = "${account.polling.tick:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void tick() {
    record Due(TradingAccount account, boolean poll) {}
    List<Due> accounts =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    TradingAccount.<TradingAccount>listAll().stream()
                        .map(
                            a -> {
                              AccountOwner owner = AccountOwner.findById(a.ownerId);
                              return new Due(a, a.polling && (owner == null || owner.active));
                            })
                        .toList());
    Instant now = Instant.now();
    for (Due due : accounts) {
      // Paused, failing or not: data past its freshness limit is shown as stale.
      snapshots.markStaleIfOld(due.account(), now);
      if (due.poll()
          && gate.isOpen(ProviderAccount.keyOf(due.account().provider, due.account().providerId()))
          && inFlight.add(due.account().id)) {
        workers.submit(() -> poll(due.account()));
      }
    }
  }

  private void poll(TradingAccount account) {
    State state = states.computeIfAbsent(account.id, id -> new State());
    AccountProvider provider = accounts.provider(account);
    try {
      if (provider == null) {
        LOG.warnf("account %s: no provider named %s", account.id, account.provider);
        return;
      }
      ProviderAccount target = accounts.providerView(account);
      Instant now = Instant.now();
      java.time.LocalDate today =
          com.widgetforge.account.metrics.AccountMetrics.tradingDay(
              now,
              java.time.LocalTime.parse(account.dailyResetTime),
              java.time.ZoneId.of(account.dailyResetZone));
      if (!today.equals(state.summaryDay)) {
        // The firm's day-start equity belongs to the day it was read on.
        state.summary = null;
      }
      if (state.summaryAt.plus(summaryCache).isBefore(now) || state.summaryDay == null) {
        // Booked before the call: a failing summary must not keep info and positions from coming.
        state.summaryAt = now;
        state.summaryDay = today;
        state.summary = provider.summary(target);
      } else if (state.lastWasInfo) {
        state.positions = provider.positions(target);
        state.lastWasInfo = false;
      } else {
        AccountData.Info info = provider.info(target);
        state.lastWasInfo = true;
        snapshots.record(
            account,
            info,
            state.positions == null ? List.of() : state.positions.positions(),
            state.summary,
            Instant.now());
        metrics.counter("widgetforge.account.snapshots", "provider", provider.name()).increment();
      }
      state.lastFailure = null;
      status.succeeded(account.id, Instant.now());
    } catch (RuntimeException e) {
      status.failed(account.id, e, Instant.now());
      metrics
          .counter("widgetforge.account.provider.errors", "provider", account.provider)
          .increment();
      // An answer of a shape we cannot read fails every poll the same way: say so once per
      // account until something changes, not every few seconds.
      String failure = String.valueOf(e.getMessage());
      if (failure.equals(state.lastFailure)) {
        LOG.debugf("account %s: %s poll failed again: %s", account.id, account.provider, failure);
      } else {
        state.lastFailure = failure;
        LOG.warnf("account %s: %s poll failed: %s", account.id, account.provider, failure);
      }
    } finally {
      gate.finished(ProviderAccount.keyOf(account.provider, account.providerId()));
      inFlight.remove(account.id);
    }
  }

  void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
  }
}
