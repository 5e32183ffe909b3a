package io.pathwatch.stats;

import io.pathwatch.path.FailureKind;
import java.util.Arrays;

/**
 * The current window of one path while the stats thread fills it, a harvest at a time. Owned by
 * the stats thread; what queries see of it is an {@link OpenWindow} taken after each harvest.
 */
final class WindowBuilder {

    final long startNanos;
    final HangLedger hangsAtStart;
    private final int[][] samples = new int[Figure.SIZE][];
    private final int[] sizes = new int[Figure.SIZE];
    private final long[] counts = Count.empty();
    private final long[] errors = new long[FailureKind.values().length];
    private long dropped;

    WindowBuilder(long startNanos, HangLedger hangsAtStart) {
        this.startNanos = startNanos;
        this.hangsAtStart = hangsAtStart;
        for (int f = 0; f < Figure.SIZE; f++) {
            samples[f] = new int[8];
        }
    }

    /** Adds a harvested interval: its samples bucketed, its counters merged. */
    void add(Interval interval) {
        for (int f = 0; f < Figure.SIZE; f++) {
            int n = interval.sizes[f];
            if (n == 0) {
                continue;
            }
            int size = sizes[f];
            if (size + n > samples[f].length) {
                // a new array: the old one may be in a published OpenWindow, which must not change
                samples[f] = Arrays.copyOf(samples[f], Math.max(size + n, samples[f].length * 2));
            }
            int[] from = interval.samples[f];
            int[] to = samples[f];
            for (int i = 0; i < n; i++) {
                to[size + i] = (int) Buckets.lowest(from[i]);
            }
            sizes[f] = size + n;
        }
        Count.merge(counts, interval.counts);
        for (int k = 0; k < errors.length; k++) {
            errors[k] += interval.errors[k];
        }
        dropped += interval.dropped;
    }

    /** What a query may read of this window now. */
    OpenWindow view(long harvestNanos) {
        return new OpenWindow(startNanos, harvestNanos, samples.clone(), sizes.clone(), counts.clone(), errors.clone(), hangsAtStart);
    }

    long dropped() {
        return dropped;
    }

    /**
     * Seals the window at {@code endNanos}: its hang figures from the ledger as it stands then,
     * the prober's own lag as p99 and maximum, every kept figure sorted once and encoded.
     */
    SealedWindow seal(long endNanos, HangLedger hangs) {
        long[] c = counts.clone();
        c[Count.HANGS.ordinal()] = hangs.started() - hangsAtStart.started();
        c[Count.HANGS_CARRIED.ordinal()] = hangsAtStart.open() ? 1 : 0;
        c[Count.HANG_TOTAL_NS.ordinal()] = hangs.hungUpTo(endNanos) - hangsAtStart.hungUpTo(startNanos);
        long longest = Math.max(c[Count.HANG_LONGEST_NS.ordinal()], hangs.openFor(endNanos));
        if (hangs.lastEndedStart() != HangLedger.NONE && hangs.lastEndedEnd() >= startNanos) {
            longest = Math.max(longest, hangs.lastEndedEnd() - hangs.lastEndedStart());
        }
        c[Count.HANG_LONGEST_NS.ordinal()] = longest;
        int[][] sorted = new int[Figure.SIZE][];
        for (Figure f : Figure.values()) {
            int n = sizes[f.ordinal()];
            if (n > 0) {
                sorted[f.ordinal()] = Arrays.copyOf(samples[f.ordinal()], n);
                Arrays.sort(sorted[f.ordinal()]);
            }
        }
        int lag = Figure.SELF_LAG.ordinal();
        if (sizes[lag] > 0) {
            int[] s = sorted[lag];
            c[Count.SELF_LAG_P99_US.ordinal()] = Buckets.highest(s[(int) Samples.rank(99, s.length) - 1]);
            c[Count.SELF_LAG_MAX_US.ordinal()] = Buckets.highest(s[s.length - 1]);
        }
        return SealedWindow.encode(startNanos, endNanos, c, errors, sorted, sizes);
    }
}
