package io.pathwatch.stats;

import java.util.Arrays;

/**
 * Collects (value, count) runs of one figure and turns them into {@link Samples}: each run is
 * packed into one {@code long} (value in the high bits, count in the low ones), so building is a
 * primitive sort of the runs collected and one pass to join equal values. Not thread-safe.
 */
final class RunsBuilder {

    /** Counts up to 2^38 per run; values up to 2^26 µs (67 s, above the 60 s ceiling). */
    private static final int COUNT_BITS = 38;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private long[] runs;
    private int size;

    RunsBuilder(int capacity) {
        runs = new long[Math.max(4, capacity)];
    }

    /** One run of an already bucketed value (a bucket's lowest value). */
    void add(long lowestValue, long count) {
        while (count > COUNT_MASK) {
            append(lowestValue << COUNT_BITS | COUNT_MASK);
            count -= COUNT_MASK;
        }
        if (count > 0) {
            append(lowestValue << COUNT_BITS | count);
        }
    }

    /** Raw samples, µs, each counted once (bucketed here). */
    void addRaw(int[] micros, int n) {
        ensure(size + n);
        for (int i = 0; i < n; i++) {
            runs[size++] = Buckets.lowest(micros[i]) << COUNT_BITS | 1;
        }
    }

    void addAll(Samples s) {
        ensure(size + s.distinct());
        for (int i = 0; i < s.distinct(); i++) {
            add(s.valueAt(i), s.countAt(i));
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    Samples build() {
        if (size == 0) {
            return Samples.EMPTY;
        }
        Arrays.sort(runs, 0, size);
        int distinct = 1;
        for (int i = 1; i < size; i++) {
            if (runs[i] >>> COUNT_BITS != runs[i - 1] >>> COUNT_BITS) {
                distinct++;
            }
        }
        int[] values = new int[distinct];
        long[] counts = new long[distinct];
        long total = 0;
        int d = -1;
        long previous = -1;
        for (int i = 0; i < size; i++) {
            long value = runs[i] >>> COUNT_BITS;
            long count = runs[i] & COUNT_MASK;
            if (value != previous) {
                d++;
                values[d] = (int) value;
                previous = value;
            }
            counts[d] += count;
            total += count;
        }
        return new Samples(values, counts, total);
    }

    private void append(long run) {
        ensure(size + 1);
        runs[size++] = run;
    }

    private void ensure(int capacity) {
        if (capacity > runs.length) {
            runs = Arrays.copyOf(runs, Math.max(capacity, runs.length * 2));
        }
    }
}
