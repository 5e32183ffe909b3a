package io.pathwatch.stats;

import io.pathwatch.path.FailureKind;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What one path's probes wrote since the last harvest: raw samples per {@link Figure} (µs, in a
 * primitive buffer each) and the counters. One writer (the path's event loop) fills it while it
 * is active; the stats thread reads it once it has been swapped out, then hands it back empty.
 */
final class Interval {

    /** Values above this are kept as this: 60 s in microseconds. */
    static final int HIGHEST_MICROS = (int) TimeUnit.SECONDS.toMicros(60);
    /**
     * Samples one figure may hold between two harvests (one a second): far above any rate the
     * settings allow, so it only matters if harvesting stopped; beyond it samples are dropped and
     * counted, so a stuck reader cannot grow the heap without bound.
     */
    static final int MAX_SAMPLES = 1 << 20;
    private static final int INITIAL = 16;

    final int[][] samples = new int[Figure.SIZE][];
    final int[] sizes = new int[Figure.SIZE];
    final long[] counts = Count.empty();
    final long[] errors = new long[FailureKind.values().length];
    long dropped;

    Interval() {
        for (int f = 0; f < Figure.SIZE; f++) {
            samples[f] = new int[INITIAL];
        }
    }

    void sample(Figure figure, long nanos) {
        int f = figure.ordinal();
        int n = sizes[f];
        int[] buffer = samples[f];
        if (n == buffer.length) {
            if (n >= MAX_SAMPLES) {
                dropped++;
                return;
            }
            buffer = samples[f] = Arrays.copyOf(buffer, n * 2);
        }
        long micros = (nanos + 500) / 1000;
        buffer[n] = (int) Math.max(0, Math.min(micros, HIGHEST_MICROS));
        sizes[f] = n + 1;
    }

    void add(Count c, long delta) {
        counts[c.ordinal()] += delta;
    }

    void max(Count c, long value) {
        int i = c.ordinal();
        counts[i] = Math.max(counts[i], value);
    }

    /** Keeps the one-way sample with the smallest network RTT; the pair changes together. */
    void minOffset(long networkRtt, long offset) {
        if (networkRtt < counts[Count.MIN_NETWORK_RTT_NS.ordinal()]) {
            counts[Count.MIN_NETWORK_RTT_NS.ordinal()] = networkRtt;
            counts[Count.OFFSET_AT_MIN_NS.ordinal()] = offset;
        }
    }

    void error(FailureKind kind) {
        errors[kind.ordinal()]++;
    }

    void reset() {
        Arrays.fill(sizes, 0);
        System.arraycopy(EMPTY_COUNTS, 0, counts, 0, counts.length);
        Arrays.fill(errors, 0);
        dropped = 0;
    }

    private static final long[] EMPTY_COUNTS = Count.empty();
}
