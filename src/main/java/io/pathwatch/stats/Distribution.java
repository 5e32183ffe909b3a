package io.pathwatch.stats;

/**
 * A latency distribution in milliseconds (µs precision): count, minimum, the percentiles a
 * window summary keeps (p10, p25 and p75 are what smoke charts draw) and the maximum. With no
 * samples every figure but {@code count} is null.
 */
public record Distribution(long count, Double min, Double p10, Double p25, Double p50, Double p75, Double p90, Double p99,
        Double p999, Double max) {

    static final Distribution EMPTY = new Distribution(0, null, null, null, null, null, null, null, null, null);

    /** From samples in microseconds: one walk over their distinct values per figure asked. */
    static Distribution of(Samples s) {
        if (s == null || s.count() == 0) {
            return EMPTY;
        }
        return new Distribution(s.count(), ms(s.min()), ms(s.valueAtPercentile(10)), ms(s.valueAtPercentile(25)),
                ms(s.valueAtPercentile(50)), ms(s.valueAtPercentile(75)), ms(s.valueAtPercentile(90)), ms(s.valueAtPercentile(99)),
                ms(s.valueAtPercentile(99.9)), ms(s.max()));
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }
}
