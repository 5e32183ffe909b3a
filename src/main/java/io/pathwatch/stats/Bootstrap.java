package io.pathwatch.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Percentile confidence intervals by the bootstrap, straight from an interval histogram: resample
 * the recorded samples with replacement, take the percentile of each resample, and report the
 * 2.5th and 97.5th of those. Seeded, so the same data always gives the same interval.
 */
public final class Bootstrap {

    /** A percentile and its 95 % interval, in milliseconds. */
    public record Interval(double value, double low, double high) {

        public boolean overlaps(Interval other) {
            return low <= other.high && other.low <= high;
        }
    }

    public static final int RESAMPLES = 200;

    private Bootstrap() {
    }

    /** The {@code percentile} (0..100) of a histogram of microseconds and its interval; null without samples. */
    public static Interval of(Histogram micros, double percentile, long seed) {
        if (micros == null || micros.getTotalCount() == 0) {
            return null;
        }
        int k = 0;
        for (HistogramIterationValue ignored : micros.recordedValues()) {
            k++;
        }
        long[] values = new long[k];
        long[] cumulative = new long[k];
        int i = 0;
        long sum = 0;
        for (HistogramIterationValue v : micros.recordedValues()) {
            values[i] = v.getValueIteratedTo();
            sum += v.getCountAtValueIteratedTo();
            cumulative[i++] = sum;
        }
        long n = sum;
        long rank = Math.max(1, (long) Math.ceil(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY) / 100.0 * n));
        SplittableRandom random = new SplittableRandom(seed);
        double[] estimates = new double[RESAMPLES];
        long[] counts = new long[k];
        for (int b = 0; b < RESAMPLES; b++) {
            Arrays.fill(counts, 0);
            for (long s = 0; s < n; s++) {
                int at = Arrays.binarySearch(cumulative, random.nextLong(n) + 1);
                counts[at < 0 ? -at - 1 : at]++;
            }
            long seen = 0;
            for (int j = 0; j < k; j++) {
                seen += counts[j];
                if (seen >= rank) {
                    estimates[b] = values[j] / 1000.0;
                    break;
                }
            }
        }
        Arrays.sort(estimates);
        return new Interval(micros.getValueAtPercentile(percentile) / 1000.0, estimates[(int) (RESAMPLES * 0.025)],
                estimates[(int) Math.ceil(RESAMPLES * 0.975) - 1]);
    }
}
