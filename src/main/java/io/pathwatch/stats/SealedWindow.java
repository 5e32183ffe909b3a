package io.pathwatch.stats;

import io.pathwatch.path.FailureKind;

/**
 * A sealed window as kept in the history: one byte array holding its counters and, per kept
 * {@link Figure}, its distinct values as (value as a delta from the previous one, count) runs,
 * all as variable-length integers: about 2 to 3 bytes a distinct value. Values are bucketed as
 * {@link Buckets} says, so a steady 205 ms path has a handful of distinct values per window.
 * Immutable; reading it walks its runs once, whatever the values' size. Times are monotonic.
 */
final class SealedWindow {

    private static final int FAILURE_KINDS = FailureKind.values().length;

    final long startNanos;
    final long endNanos;
    private final byte[] data;

    SealedWindow(long startNanos, long endNanos, byte[] data) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.data = data;
    }

    /**
     * Encodes counters and, per kept figure, the window's bucketed values.
     *
     * @param sorted per figure, its bucketed values in ascending order (null or empty for none)
     * @param sizes  how many of each array are used
     */
    static SealedWindow encode(long startNanos, long endNanos, long[] counts, long[] errors, int[][] sorted, int[] sizes) {
        Varints.Writer w = new Varints.Writer(64 + 3 * (sizes[Figure.RTT.ordinal()] + sizes[Figure.STREAM_RTT.ordinal()]));
        for (long c : counts) {
            w.signed(c);
        }
        for (long e : errors) {
            w.unsigned(e);
        }
        for (Figure f : Figure.values()) {
            if (!f.kept) {
                continue;
            }
            int n = sorted[f.ordinal()] == null ? 0 : sizes[f.ordinal()];
            int[] v = sorted[f.ordinal()];
            int runs = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || v[i] != v[i - 1]) {
                    runs++;
                }
            }
            w.unsigned(runs);
            long previous = 0;
            for (int i = 0; i < n; ) {
                int j = i;
                while (j < n && v[j] == v[i]) {
                    j++;
                }
                w.unsigned(v[i] - previous);
                w.unsigned(j - i);
                previous = v[i];
                i = j;
            }
        }
        return new SealedWindow(startNanos, endNanos, w.toByteArray());
    }

    /** Reads a window written by {@link #bytes()} (history kept across a restart). */
    static SealedWindow decode(long startNanos, long endNanos, byte[] data) {
        SealedWindow w = new SealedWindow(startNanos, endNanos, data);
        w.read(new long[Count.SIZE], new long[FAILURE_KINDS], null);
        return w;
    }

    /** The window's counters and errors, and (if {@code runs} is given) its runs added to the builders. */
    void read(long[] counts, long[] errors, RunsBuilder[] runs) {
        Varints.Reader r = new Varints.Reader(data);
        for (int i = 0; i < Count.SIZE; i++) {
            counts[i] = r.signed();
        }
        for (int i = 0; i < FAILURE_KINDS; i++) {
            errors[i] = r.unsigned();
        }
        for (Figure f : Figure.values()) {
            if (!f.kept) {
                continue;
            }
            long n = r.unsigned();
            long value = 0;
            RunsBuilder b = runs == null ? null : runs[f.ordinal()];
            for (long k = 0; k < n; k++) {
                value += r.unsigned();
                long count = r.unsigned();
                if (b != null) {
                    b.add(value, count);
                }
            }
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("trailing bytes in a sealed window");
        }
    }

    /** One figure's samples of this window alone. */
    Samples samples(Figure figure) {
        RunsBuilder[] runs = new RunsBuilder[Figure.SIZE];
        runs[figure.ordinal()] = new RunsBuilder(16);
        read(new long[Count.SIZE], new long[FAILURE_KINDS], runs);
        return runs[figure.ordinal()].build();
    }

    long[] counts() {
        long[] counts = new long[Count.SIZE];
        read(counts, new long[FAILURE_KINDS], null);
        return counts;
    }

    byte[] bytes() {
        return data.clone();
    }

    int storedBytes() {
        return data.length;
    }
}
