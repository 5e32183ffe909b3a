package io.pathwatch.metrics;

import java.time.Duration;
import java.util.Locale;

/**
 * What CloudWatch export costs, said up front: the custom metrics pathwatch creates and the
 * monthly estimate at the public price list (https://aws.amazon.com/cloudwatch/pricing/, us-east-1,
 * read 2026-11: custom metrics $0.30 each for the first 10,000, $0.10 to 250,000, $0.05 to
 * 1,000,000, $0.02 beyond; PutMetricData $0.01 per 1,000 requests). High-resolution metrics cost
 * the same per metric; their alarms cost more (not counted here).
 */
final class MetricsCost {

    static final double[][] METRIC_TIERS = {{10_000, 0.30}, {250_000, 0.10}, {1_000_000, 0.05}, {Double.MAX_VALUE, 0.02}};
    static final double USD_PER_1000_REQUESTS = 0.01;
    /** Values of the {@code kind} tag: the eight kinds of a path's faults and {@code local_error}, the agent's. */
    static final int ERROR_KINDS = 9;
    static final double SECONDS_PER_MONTH = 30 * 86_400;
    /** Encoded bytes of one path's step at most: two 150-value distributions and the single values. */
    static final int BYTES_PER_PATH_STEP = 2 * (64 + 18 * ValueCounts.LIMIT) + 12 * 120;

    /** The estimate, as {@code GET /api/metrics/cost} shows it. */
    record Estimate(boolean enabled, String namespace, Duration step, int paths, int metricsPerPath, int metricsPerPathAllErrorKinds,
            int agentMetrics, int metrics, int metricsMax, long requestsPerMonth, double metricsUsdPerMonth, double requestsUsdPerMonth,
            double totalUsdPerMonth, double totalUsdPerMonthMax, double perPathUsdPerMonth, String prices) {
    }

    private final CloudWatchProperties props;
    /** How many paths there are now: a reload or discovery changes it, and so the cost. */
    private final java.util.function.IntSupplier paths;

    MetricsCost(CloudWatchProperties props, int paths) {
        this(props, () -> paths);
    }

    MetricsCost(CloudWatchProperties props, java.util.function.IntSupplier paths) {
        this.props = props;
        this.paths = paths;
    }

    Estimate estimate() {
        int paths = this.paths.getAsInt();
        int perPath = CloudWatchDatums.PER_PATH.size();
        int metrics = paths * perPath + 1;
        // sent only once they happen: an error kind each, and untrusted windows
        int occasional = ERROR_KINDS + 1;
        int metricsMax = paths * (perPath + occasional) + 1;
        double steps = SECONDS_PER_MONTH / props.step().toSeconds();
        int datumsPerStep = paths * (perPath + occasional) + 1;
        long requestsPerStep = Math.max(1, Math.max((datumsPerStep + CloudWatchPublisher.MAX_DATUMS - 1) / CloudWatchPublisher.MAX_DATUMS,
                ((long) paths * BYTES_PER_PATH_STEP + CloudWatchPublisher.MAX_BYTES - 1) / CloudWatchPublisher.MAX_BYTES));
        long requests = Math.round(steps * requestsPerStep);
        double metricUsd = metricsUsd(metrics);
        double requestUsd = requests / 1000.0 * USD_PER_1000_REQUESTS;
        return new Estimate(props.enabled(), props.namespace(), props.step(), paths, perPath, perPath + occasional, 1, metrics, metricsMax,
                requests, cents(metricUsd), cents(requestUsd), cents(metricUsd + requestUsd), cents(metricsUsd(metricsMax) + requestUsd),
                paths == 0 ? 0 : cents(metricsUsd(perPath)), "https://aws.amazon.com/cloudwatch/pricing/ (us-east-1, 2026-11)");
    }

    /** Tiered: the first 10,000 at $0.30, and so on. */
    static double metricsUsd(int metrics) {
        double usd = 0;
        double below = 0;
        for (double[] tier : METRIC_TIERS) {
            double inTier = Math.max(0, Math.min(metrics, tier[0]) - below);
            usd += inTier * tier[1];
            below = tier[0];
            if (metrics <= tier[0]) {
                break;
            }
        }
        return usd;
    }

    String summary() {
        Estimate e = estimate();
        return String.format(Locale.ROOT, "%d path(s) → %d custom metrics (%d per path, up to %d with every error kind, +1 heartbeat), "
                + "%,d PutMetricData requests a month: about $%.2f a month ($%.2f per path; at most $%.2f); see GET /api/metrics/cost",
                e.paths(), e.metrics(), e.metricsPerPath(), e.metricsPerPathAllErrorKinds(), e.requestsPerMonth(), e.totalUsdPerMonth(),
                e.perPathUsdPerMonth(), e.totalUsdPerMonthMax());
    }

    private static double cents(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
