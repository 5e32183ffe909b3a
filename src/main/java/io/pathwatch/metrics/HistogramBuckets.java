package io.pathwatch.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A filter on the Prometheus and OTLP registries: the per-path latency timers get the configured
 * buckets instead of Micrometer's percentile histogram, whose 94 buckets a histogram made ~300
 * series a path. The agent's loop lag gets its own set, a decade lower: it lives in microseconds
 * to milliseconds.
 */
final class HistogramBuckets implements MeterFilter {

    private static final Set<String> PATH_LATENCIES = Set.of(MeterNames.RTT, MeterNames.CONNECT, MeterNames.KERNEL_RTT);
    private static final List<Duration> LOOP_LAG = List.of(Duration.ofNanos(30_000), Duration.ofNanos(100_000), Duration.ofNanos(300_000),
            Duration.ofMillis(1), Duration.ofMillis(3), Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofMillis(100),
            Duration.ofMillis(300), Duration.ofSeconds(1));

    private final double[] pathNanos;
    private final double[] loopLagNanos;

    HistogramBuckets(List<Duration> buckets) {
        this.pathNanos = nanos(buckets);
        this.loopLagNanos = nanos(LOOP_LAG);
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        double[] bounds = PATH_LATENCIES.contains(id.getName()) ? pathNanos : MeterNames.LOOP_LAG.equals(id.getName()) ? loopLagNanos : null;
        if (bounds == null) {
            return config;
        }
        // the merge keeps what the filter sets and takes the rest (expiry, buffer length) from the meter
        return DistributionStatisticConfig.builder().percentilesHistogram(false).serviceLevelObjectives(bounds).build().merge(config);
    }

    private static double[] nanos(List<Duration> buckets) {
        return buckets.stream().mapToDouble(Duration::toNanos).toArray();
    }
}
