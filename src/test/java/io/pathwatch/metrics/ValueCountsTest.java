package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import io.pathwatch.stats.Samples;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** At most 150 values per datum, and the minimum, the maximum and the tail exactly as recorded. */
class ValueCountsTest {

    /** p-th percentile by nearest rank over value/count pairs, as CloudWatch computes it from them. */
    static double percentile(ValueCounts vc, double p) {
        double total = vc.counts().stream().mapToDouble(Double::doubleValue).sum();
        double rank = ValueCounts.rank(p, (long) total);
        double seen = 0;
        for (int i = 0; i < vc.millis().size(); i++) {
            seen += vc.counts().get(i);
            if (seen >= rank) {
                return vc.millis().get(i);
            }
        }
        return vc.millis().get(vc.millis().size() - 1);
    }

    /** Log-normal samples (µs) as the statistics keep them, and the same samples in an HdrHistogram for reference. */
    private record Drawn(Samples samples, Histogram h) {
    }

    private static Drawn lognormal(double medianMs, double sigma, int n, long seed) {
        Histogram h = new Histogram(1, 60_000_000L, 3);
        long[] values = new long[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            values[i] = Math.max(1, Math.round(medianMs * 1000 * Math.exp(sigma * r.nextGaussian())));
            h.recordValue(values[i]);
        }
        return new Drawn(Samples.ofMicros(values), h);
    }

    @Test
    void aSmallDistributionGoesAsItIs() {
        Drawn d = lognormal(20, 0.01, 100, 1);
        Histogram h = d.h();
        ValueCounts vc = ValueCounts.of(d.samples());
        assertThat(vc.millis()).hasSizeLessThanOrEqualTo(100).isSorted();
        assertThat(vc.counts().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(100);
        assertThat(percentile(vc, 50)).isEqualTo(h.getValueAtPercentile(50) / 1000.0);
    }

    @Test
    void aWideDistributionKeepsItsMinimumMaximumAndTailExactly() {
        // 20,000 samples from 0.5 ms to seconds: thousands of distinct values
        Drawn d = lognormal(30, 1.0, 20_000, 2);
        Histogram h = d.h();
        ValueCounts vc = ValueCounts.of(d.samples());
        System.out.printf("%d distinct values -> %d; p50 %.3f vs %.3f ms, p99 %.3f vs %.3f ms%n", h.recordedValues().iterator().hasNext() ? count(h) : 0,
                vc.millis().size(), percentile(vc, 50), h.getValueAtPercentile(50) / 1000.0, percentile(vc, 99), h.getValueAtPercentile(99) / 1000.0);
        assertThat(vc.millis()).hasSizeLessThanOrEqualTo(ValueCounts.LIMIT).isSorted();
        assertThat(vc.counts().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(20_000);
        assertThat(vc.millis().get(0)).isEqualTo(h.getMinValue() / 1000.0);
        assertThat(vc.millis().get(vc.millis().size() - 1)).isEqualTo(h.getMaxValue() / 1000.0);
        for (double p : List.of(99.0, 99.9, 99.99, 100.0)) {
            assertThat(percentile(vc, p)).as("p%s", p).isEqualTo(h.getValueAtPercentile(p) / 1000.0);
        }
        // the body is merged: its percentiles move by at most the merge's group width (here a few %)
        assertThat(percentile(vc, 50)).isCloseTo(h.getValueAtPercentile(50) / 1000.0, Percentage.withPercentage(5));
        assertThat(percentile(vc, 90)).isCloseTo(h.getValueAtPercentile(90) / 1000.0, Percentage.withPercentage(5));
    }

    @Test
    void aNetworkPathsDistributionKeepsP50P99AndMaxExactlyAndTheRestClose() {
        // 205 ms ± 10 ms over an hour of echoes: more distinct values than a datum takes, in a narrow range
        Drawn d = lognormal(205, 0.05, 18_000, 3);
        Histogram h = d.h();
        ValueCounts vc = ValueCounts.of(d.samples());
        assertThat(count(h)).isGreaterThan(ValueCounts.LIMIT);
        assertThat(vc.millis()).hasSizeLessThanOrEqualTo(ValueCounts.LIMIT);
        assertThat(percentile(vc, 50)).isEqualTo(h.getValueAtPercentile(50) / 1000.0);
        // between the exact anchors, within a few HdrHistogram buckets (128 µs at 200 ms, 0.06 %)
        for (double p : List.of(10.0, 25.0, 75.0, 80.0)) {
            double error = Math.abs(percentile(vc, p) / (h.getValueAtPercentile(p) / 1000.0) - 1) * 100;
            System.out.printf("p%s off by %.3f %%%n", p, error);
            assertThat(error).as("p%s, %%", p).isLessThan(0.25);
        }
        assertThat(percentile(vc, 99)).isEqualTo(h.getValueAtPercentile(99) / 1000.0);
        assertThat(percentile(vc, 100)).isEqualTo(h.getMaxValue() / 1000.0);
    }

    private static int count(Histogram h) {
        int n = 0;
        for (var ignored : h.recordedValues()) {
            n++;
        }
        return n;
    }
}
