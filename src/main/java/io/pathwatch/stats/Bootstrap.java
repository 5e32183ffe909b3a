package io.pathwatch.stats;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile confidence intervals by a block bootstrap: the blocks are whole windows, because the
 * samples of one path are autocorrelated (a slow minute is slow throughout), and resampling single
 * samples as if they were independent gives intervals that are too narrow. Each of
 * {@link #RESAMPLES} resamples draws as many windows as there are, with replacement, and takes the
 * percentile of their union; the interval is the 2.5th to 97.5th of those. Seeded, so the same
 * data always gives the same interval. Cost: resamples × (windows' distinct values), nothing that
 * depends on the values' size.
 */
public final class Bootstrap {

    /** A percentile and its 95 % interval, in milliseconds. */
    public record Interval(double value, double low, double high) {

        public boolean overlaps(Interval other) {
            return low <= other.high && other.low <= high;
        }
    }

    public static final int RESAMPLES = 200;
    /** With fewer windows than this the bootstrap says little; the interval is then the samples' whole range. */
    public static final int MIN_BLOCKS = 3;

    private Bootstrap() {
    }

    /**
     * The {@code percentile} (0..100) of all blocks together and its interval; null without samples.
     *
     * @param blocks one path's samples, window by window
     */
    public static Interval of(List<Samples> blocks, double percentile, long seed) {
        List<Samples> nonEmpty = blocks.stream().filter(b -> b.count() > 0).toList();
        if (nonEmpty.isEmpty()) {
            return null;
        }
        Samples all = nonEmpty.stream().reduce(Samples.EMPTY, Samples::plus);
        double value = all.valueAtPercentile(percentile) / 1000.0;
        if (nonEmpty.size() < MIN_BLOCKS) {
            return new Interval(value, all.min() / 1000.0, all.max() / 1000.0);
        }
        int k = nonEmpty.size();
        int m = all.distinct();
        // each block as (index into all's distinct values, count) pairs
        int[][] index = new int[k][];
        long[][] counts = new long[k][];
        long[] totals = new long[k];
        for (int b = 0; b < k; b++) {
            Samples s = nonEmpty.get(b);
            index[b] = new int[s.distinct()];
            counts[b] = new long[s.distinct()];
            int at = 0;
            for (int i = 0; i < s.distinct(); i++) {
                while (all.valueAt(at) != s.valueAt(i)) {
                    at++;
                }
                index[b][i] = at;
                counts[b][i] = s.countAt(i);
            }
            totals[b] = s.count();
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] estimates = new double[RESAMPLES];
        long[] histogram = new long[m];
        for (int r = 0; r < RESAMPLES; r++) {
            Arrays.fill(histogram, 0);
            long n = 0;
            for (int draw = 0; draw < k; draw++) {
                int b = random.nextInt(k);
                for (int i = 0; i < index[b].length; i++) {
                    histogram[index[b][i]] += counts[b][i];
                }
                n += totals[b];
            }
            long rank = Samples.rank(percentile, n);
            long seen = 0;
            for (int j = 0; j < m; j++) {
                seen += histogram[j];
                if (seen >= rank) {
                    estimates[r] = Buckets.highest(all.valueAt(j)) / 1000.0;
                    break;
                }
            }
        }
        Arrays.sort(estimates);
        return new Interval(value, estimates[(int) (RESAMPLES * 0.025)], estimates[(int) Math.ceil(RESAMPLES * 0.975) - 1]);
    }
}
