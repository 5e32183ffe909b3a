package io.pathwatch.stats;

/**
 * The precision every latency figure is kept at: HdrHistogram's buckets for 1 µs resolution and
 * 3 significant digits (2048 sub-buckets: exact up to 2.047 ms, then a relative width between
 * 1/2048 and 1/1024, e.g. 128 µs at 205 ms). Pure arithmetic on the value, so its cost does not
 * depend on how large the value is. A value is stored as the lowest value of its bucket and
 * reported as HdrHistogram reports it: the minimum as that lowest value, percentiles and the
 * maximum as the bucket's highest value.
 */
final class Buckets {

    /** log2 of half the sub-bucket count (1024) for 3 significant digits. */
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;
    private static final long SUB_BUCKET_MASK = (1L << (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1)) - 1;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_HALF_COUNT_MAGNITUDE - 1;

    private Buckets() {
    }

    private static int shift(long micros) {
        return LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(micros | SUB_BUCKET_MASK);
    }

    /** The lowest value of the bucket {@code micros} falls in: the form values are stored in. */
    static long lowest(long micros) {
        int shift = shift(micros);
        return (micros >>> shift) << shift;
    }

    /** The highest value of the bucket {@code micros} falls in: how percentiles and the maximum are reported. */
    static long highest(long micros) {
        int shift = shift(micros);
        return ((micros >>> shift) << shift) + (1L << shift) - 1;
    }
}
