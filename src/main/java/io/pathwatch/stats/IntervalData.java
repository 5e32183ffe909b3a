package io.pathwatch.stats;

import io.pathwatch.path.FailureKind;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The figures of one stretch of time while they are being built: a histogram per
 * {@link Figure} (microseconds, 3 significant digits, packed so memory follows the values seen)
 * and the counters. The current window is one; a query merges sealed windows into another.
 * Sealed windows are kept as {@link SealedWindow}s.
 */
final class IntervalData {

    static final int DIGITS = 3;

    final long startNanos;
    long endNanos;
    final Histogram[] histograms = new Histogram[Figure.SIZE];
    final long[] counts = new long[Count.SIZE];
    final long[] errors = new long[FailureKind.values().length];

    IntervalData(long startNanos) {
        this.startNanos = startNanos;
        this.endNanos = startNanos;
        counts[Count.MIN_NETWORK_RTT_NS.ordinal()] = Long.MAX_VALUE;
    }

    Histogram histogram(Figure f) {
        Histogram h = histograms[f.ordinal()];
        if (h == null) {
            h = new PackedHistogram(DIGITS);
            histograms[f.ordinal()] = h;
        }
        return h;
    }

    /** The histogram, or null if nothing was recorded for that figure. */
    Histogram recorded(Figure f) {
        Histogram h = histograms[f.ordinal()];
        return h == null || h.getTotalCount() == 0 ? null : h;
    }

    long get(Count c) {
        return counts[c.ordinal()];
    }

    void addHistogram(Figure f, Histogram interval) {
        if (interval.getTotalCount() > 0) {
            histogram(f).add(interval);
        }
    }

    void addCounters(IntervalCounters c) {
        for (Count k : Count.values()) {
            mergeCount(k, c.get(k), c.get(Count.OFFSET_AT_MIN_NS));
        }
        for (FailureKind kind : FailureKind.values()) {
            errors[kind.ordinal()] += c.errors(kind);
        }
    }

    /** Adds another interval's histograms and counters into this one. */
    void add(IntervalData other) {
        for (Figure f : Figure.values()) {
            Histogram h = other.recorded(f);
            if (h != null) {
                histogram(f).add(h);
            }
        }
        addCounts(other);
    }

    /** Adds another interval's counters (not its histograms) into this one. */
    void addCounts(IntervalData other) {
        for (Count k : Count.values()) {
            mergeCount(k, other.get(k), other.get(Count.OFFSET_AT_MIN_NS));
        }
        for (int i = 0; i < errors.length; i++) {
            errors[i] += other.errors[i];
        }
    }

    private void mergeCount(Count k, long value, long offsetOfValue) {
        int i = k.ordinal();
        switch (k) {
            case HANG_LONGEST_NS -> counts[i] = Math.max(counts[i], value);
            case MIN_NETWORK_RTT_NS -> {
                if (value < counts[i]) {
                    counts[i] = value;
                    counts[Count.OFFSET_AT_MIN_NS.ordinal()] = offsetOfValue;
                }
            }
            case OFFSET_AT_MIN_NS -> { }
            default -> counts[i] += value;
        }
    }
}
