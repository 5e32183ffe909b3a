package io.pathwatch.metrics;

import java.util.ArrayList;
import java.util.List;
import io.pathwatch.stats.Samples;

/**
 * A distribution as CloudWatch takes it: at most {@link #LIMIT} distinct values with their counts,
 * so that CloudWatch's own percentile statistics work on it. A histogram with more distinct values
 * is merged without losing what matters most: the minimum, the maximum and the values at p50, p90,
 * p95, p99, p99.9 and p99.99 stay exact pairs of their own (so those percentiles come out exactly
 * as recorded); between them, values are merged into groups of about equal sample count, each
 * shown by its count-median value, so groups are narrow where samples are dense.
 *
 * @param millis values in milliseconds, ascending
 * @param counts how often each value occurred
 */
record ValueCounts(List<Double> millis, List<Double> counts) {

    /** Values per datum: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html */
    static final int LIMIT = 150;
    /** Percentiles kept exact, besides the minimum and the maximum. */
    static final double[] ANCHORS = {50, 90, 95, 99, 99.9, 99.99};

    /** From samples in microseconds: one pass over their distinct values. */
    static ValueCounts of(Samples micros) {
        List<long[]> pairs = new ArrayList<>(micros.distinct());
        micros.forEach((value, count) -> pairs.add(new long[] {value, count}));
        return of(pairs, micros.count());
    }

    /** From ascending (value µs, count) pairs. */
    static ValueCounts of(List<long[]> pairs, long total) {
        if (pairs.size() <= LIMIT) {
            return from(pairs);
        }
        java.util.TreeSet<Integer> anchors = new java.util.TreeSet<>(List.of(0, pairs.size() - 1));
        for (double p : ANCHORS) {
            anchors.add(indexOfRank(pairs, rank(p, total)));
        }
        List<List<long[]>> segments = new ArrayList<>();
        Integer previous = null;
        for (int a : anchors) {
            if (previous != null) {
                segments.add(pairs.subList(previous + 1, a));
            }
            previous = a;
        }
        int budget = LIMIT - anchors.size();
        List<List<long[]>> merged = merge(segments, budget);
        List<long[]> out = new ArrayList<>();
        int i = 0;
        for (int a : anchors) {
            out.add(pairs.get(a));
            if (i < merged.size()) {
                out.addAll(merged.get(i++));
            }
        }
        return from(out);
    }

    /** Nearest rank as the statistics count it: 99.9 % of 20,000 is rank 19,980, not 19,981 by rounding error. */
    static long rank(double percentile, long total) {
        return Math.max(1, (long) Math.ceil(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY) / 100.0 * total));
    }

    /** The index of the pair that holds the sample of this rank (1-based, nearest rank). */
    private static int indexOfRank(List<long[]> pairs, long rank) {
        long cumulative = 0;
        for (int i = 0; i < pairs.size(); i++) {
            cumulative += pairs.get(i)[1];
            if (cumulative >= rank) {
                return i;
            }
        }
        return pairs.size() - 1;
    }

    /**
     * Each segment in groups of about equal sample count, its share of the budget in proportion to
     * its samples: groups are narrow where samples are dense, so every percentile between the
     * anchors lands close to its recorded value.
     */
    private static List<List<long[]>> merge(List<List<long[]>> segments, int budget) {
        long all = segments.stream().flatMap(List::stream).mapToLong(p -> p[1]).sum();
        List<List<long[]>> out = new ArrayList<>();
        int left = budget;
        for (int i = 0; i < segments.size(); i++) {
            List<long[]> seg = segments.get(i);
            long n = seg.stream().mapToLong(p -> p[1]).sum();
            int share = i == segments.size() - 1 ? left
                    : (int) Math.max(seg.isEmpty() ? 0 : 1, Math.min(left, Math.round((double) budget * n / Math.max(1, all))));
            List<long[]> g = equalCount(seg, Math.max(share, seg.isEmpty() ? 0 : 1));
            left -= g.size();
            out.add(g);
        }
        return out;
    }

    /** At most {@code groups} groups of consecutive values with about equal counts, each shown by its count-median value. */
    private static List<long[]> equalCount(List<long[]> seg, int groups) {
        if (seg.size() <= groups) {
            return seg;
        }
        long n = seg.stream().mapToLong(p -> p[1]).sum();
        for (long target = Math.max(1, (n + groups - 1) / groups); ; target += Math.max(1, target / 8)) {
            List<long[]> out = new ArrayList<>();
            int start = 0;
            while (start < seg.size()) {
                int end = start;
                long count = 0;
                while (end < seg.size() && (end == start || count + seg.get(end)[1] <= target)) {
                    count += seg.get(end)[1];
                    end++;
                }
                out.add(new long[] {countMedian(seg.subList(start, end), count), count});
                start = end;
            }
            if (out.size() <= groups) {
                return out;
            }
        }
    }

    private static long countMedian(List<long[]> group, long count) {
        long half = (count + 1) / 2;
        long seen = 0;
        for (long[] p : group) {
            seen += p[1];
            if (seen >= half) {
                return p[0];
            }
        }
        return group.get(group.size() - 1)[0];
    }

    private static ValueCounts from(List<long[]> pairs) {
        List<Double> values = new ArrayList<>(pairs.size());
        List<Double> counts = new ArrayList<>(pairs.size());
        for (long[] p : pairs) {
            values.add(p[0] / 1000.0);
            counts.add((double) p[1]);
        }
        return new ValueCounts(values, counts);
    }
}
