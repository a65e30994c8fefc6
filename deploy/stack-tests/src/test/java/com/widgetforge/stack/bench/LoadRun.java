package com.widgetforge.stack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * An open-loop HTTP load: requests start on a fixed schedule whether or not earlier ones have
 * answered, and each latency counts from its scheduled start, so a stall shows in the tail instead
 * of quietly slowing the load (no coordinated omission).
 */
final class LoadRun {

  /** Latency percentiles of one run, in milliseconds. */
  record Result(int rate, int requests, int errors, double p50, double p99, double max) {}

  private LoadRun() {}

  static Result run(HttpClient http, URI uri, int ratePerSecond, Duration length) throws Exception {
    return run(
        http,
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        ratePerSecond,
        length,
        (index, response) -> {});
  }

  /**
   * As {@link #run(HttpClient, URI, int, Duration)}, for any request, handing each successful
   * response with its index (0 to rate × seconds − 1) to {@code onResponse}, e.g. to read a header.
   */
  static Result run(
      HttpClient http,
      HttpRequest request,
      int ratePerSecond,
      Duration length,
      BiConsumer<Integer, HttpResponse<byte[]>> onResponse)
      throws Exception {
    int total = (int) (ratePerSecond * length.toSeconds());
    long[] latencies = new long[total];
    AtomicInteger errors = new AtomicInteger();
    CompletableFuture<?>[] calls = new CompletableFuture<?>[total];
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      calls[i] =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
              .whenComplete(
                  (response, failure) -> {
                    latencies[index] = System.nanoTime() - due;
                    if (failure != null || response.statusCode() != 200) {
                      errors.incrementAndGet();
                    } else {
                      onResponse.accept(index, response);
                    }
                  });
    }
    CompletableFuture.allOf(calls).exceptionally(failure -> null).get(60, TimeUnit.SECONDS);
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return new Result(
        ratePerSecond,
        total,
        errors.get(),
        millis(sorted[(int) (total * 0.50)]),
        millis(sorted[Math.min(total - 1, (int) Math.ceil(total * 0.99) - 1)]),
        millis(sorted[total - 1]));
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }
}
