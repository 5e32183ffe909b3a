package io.pathwatch.stats;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds (µs precision). With no samples every figure but
 * {@code count} is null.
 */
public record Distribution(long count, Double min, Double p50, Double p90, Double p99, Double p999, Double max) {

    static final Distribution EMPTY = new Distribution(0, null, null, null, null, null, null);

    /** From a histogram of microseconds. */
    static Distribution of(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Distribution(h.getTotalCount(), ms(h.getMinValue()), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }
}
