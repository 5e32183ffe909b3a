package io.pathwatch.stats;

import java.util.Arrays;

/**
 * The distribution of one figure over some stretch of time: its distinct values (µs, each the
 * lowest value of its {@link Buckets bucket}), ascending, with how often each occurred. Built by
 * sorting the samples once; every question after that is a walk over the distinct values seen,
 * never over a value range, so the cost follows the samples, not how large they are. Immutable.
 */
public final class Samples {

    static final Samples EMPTY = new Samples(new int[0], new long[0], 0);

    /** Receives a distribution's values in ascending order. */
    @FunctionalInterface
    public interface ValueCountConsumer {
        /** @param micros the bucket's highest value, as HdrHistogram reports recorded values */
        void accept(long micros, long count);
    }

    private final int[] values;
    private final long[] counts;
    private final long total;

    Samples(int[] values, long[] counts, long total) {
        this.values = values;
        this.counts = counts;
        this.total = total;
    }

    /** Raw samples in microseconds (each counted once), bucketed and sorted. */
    public static Samples ofMicros(long... micros) {
        RunsBuilder b = new RunsBuilder(micros.length);
        for (long v : micros) {
            b.add(Buckets.lowest(Math.max(0, Math.min(v, Interval.HIGHEST_MICROS))), 1);
        }
        return b.build();
    }

    public long count() {
        return total;
    }

    /** Distinct values kept. */
    public int distinct() {
        return values.length;
    }

    /** Smallest sample (the lowest value of its bucket), µs; 0 when empty. */
    public long min() {
        return total == 0 ? 0 : values[0];
    }

    /** Largest sample (the highest value of its bucket), µs; 0 when empty. */
    public long max() {
        return total == 0 ? 0 : Buckets.highest(values[values.length - 1]);
    }

    /**
     * The nearest-rank percentile (0..100) in µs, reported as HdrHistogram's
     * {@code getValueAtPercentile} does on the same samples (the bucket's highest value; the
     * lowest for 0); 0 when empty.
     */
    public long valueAtPercentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        int i = indexOfRank(rank(percentile, total));
        return percentile == 0 ? values[i] : Buckets.highest(values[i]);
    }

    /** Index of the distinct value holding the sample of this (1-based) rank. */
    int indexOfRank(long rank) {
        long seen = 0;
        for (int i = 0; i < values.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return values.length - 1;
    }

    /** Nearest rank as HdrHistogram counts it: 99.9 % of 20,000 is rank 19,980, not 19,981 by rounding error. */
    static long rank(double percentile, long total) {
        double p = Math.min(100, Math.max(0, Math.nextAfter(percentile, Double.NEGATIVE_INFINITY)));
        return Math.max(1, (long) Math.ceil(p / 100.0 * total));
    }

    /** Every distinct value, ascending, as its bucket's highest value with its count. */
    public void forEach(ValueCountConsumer consumer) {
        for (int i = 0; i < values.length; i++) {
            consumer.accept(Buckets.highest(values[i]), counts[i]);
        }
    }

    /** The stored value (bucket's lowest) at index {@code i}. */
    int valueAt(int i) {
        return values[i];
    }

    long countAt(int i) {
        return counts[i];
    }

    /** These samples together with {@code other}'s. */
    public Samples plus(Samples other) {
        if (other.total == 0) {
            return this;
        }
        if (total == 0) {
            return other;
        }
        RunsBuilder b = new RunsBuilder(values.length + other.values.length);
        b.addAll(this);
        b.addAll(other);
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Samples s && total == s.total && Arrays.equals(values, s.values) && Arrays.equals(counts, s.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Samples[count=" + total + ", distinct=" + values.length + "]";
    }
}
