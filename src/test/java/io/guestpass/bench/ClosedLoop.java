package io.guestpass.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code clients} threads, each sending its next request only when the previous one was answered,
 * until a request count or a duration is reached (whichever comes first: every loop is bounded in both).
 */
final class ClosedLoop {

    /** One request; true when it got the expected answer. {@code sequence} is unique across all clients of a run. */
    @FunctionalInterface
    interface Request {
        boolean send(long sequence) throws Exception;
    }

    /**
     * What a run measured: every latency (ns), failures, the wall time, and why the first request failed (the exception
     * or "answered no" — null without failures), so that a report can say what went wrong instead of only how often.
     */
    record Result(long[] latenciesNanos, long failures, long elapsedNanos, String firstFailure) {

        long count() {
            return latenciesNanos.length;
        }

        double perSecond() {
            return count() / (elapsedNanos / 1e9);
        }

        /** This run and another of the same load as one: latencies and failures together, wall times added. */
        Result plus(Result other) {
            long[] all = Arrays.copyOf(latenciesNanos, latenciesNanos.length + other.latenciesNanos.length);
            System.arraycopy(other.latenciesNanos, 0, all, latenciesNanos.length, other.latenciesNanos.length);
            return new Result(all, failures + other.failures, elapsedNanos + other.elapsedNanos,
                    firstFailure != null ? firstFailure : other.firstFailure);
        }

        double percentileMillis(double percentile) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    private ClosedLoop() {
    }

    static Result run(int clients, long maxRequests, Duration maxDuration, Request request) {
        AtomicLong sequence = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + maxDuration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> perClient = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                perClient.add(pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        long seq = sequence.getAndIncrement();
                        if (seq >= maxRequests) {
                            break;
                        }
                        long sent = System.nanoTime();
                        boolean ok;
                        try {
                            ok = request.send(seq);
                            if (!ok) {
                                firstFailure.compareAndSet(null, "request " + seq + " answered no");
                            }
                        } catch (Exception e) {
                            ok = false;
                            firstFailure.compareAndSet(null, "request " + seq + ": " + e);
                        }
                        long took = System.nanoTime() - sent;
                        if (!ok) {
                            failures.incrementAndGet();
                            continue;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> f : perClient) {
                long[] part = f.get(maxDuration.toSeconds() + 120, TimeUnit.SECONDS);
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            return new Result(all, failures.get(), System.nanoTime() - start, firstFailure.get());
        } catch (Exception e) {
            throw new IllegalStateException("Load run failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
