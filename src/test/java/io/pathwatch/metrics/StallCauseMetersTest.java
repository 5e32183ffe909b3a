package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathwatch.health.PathState;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallCause;
import io.pathwatch.stats.DrivenStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.testing.SuppliedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * Settled causes reach Prometheus as {@code cause}-tagged counters and the kernel's RTT as a
 * histogram, while what CloudWatch is sent stays exactly as before: the untagged hang count, no
 * cause dimension, no new metric (each would be billed).
 */
class StallCauseMetersTest {

    private static final long SECOND = 1_000_000_000L;
    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec PATH = new PathSpec("p", "127.0.0.1", 7100, null, Map.of(), SETTINGS);

    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final StatsRegistry stats = DrivenStats.registry(List.of(PATH), nanos::get,
            new SuppliedClock(() -> 1_764_057_600L * SECOND + nanos.get()));
    private final ProbeListener probe = stats.forPath(PATH);

    private void tick(int seconds) {
        for (int i = 0; i < seconds; i++) {
            nanos.addAndGet(SECOND);
            stats.harvestAll();
        }
    }

    private static StallAttribution attribution(StallAttribution.Subject subject, long start, boolean open, StallCause cause) {
        return new StallAttribution(subject, start, 0, 2 * SECOND, open, cause, cause.phrase(), List.of(), "");
    }

    @Test
    void prometheusCountsSettledCausesAndTheKernelRttWhileCloudWatchIsSentWhatItWasSent() {
        PathMeters meters = new PathMeters(stats);
        stats.addWindowListener(meters);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.bindTo(prometheus);
        StepFigures steps = new StepFigures(stats);
        stats.addWindowListener(steps);

        long start = nanos.get();
        probe.hangStarted(start, 0);
        tick(1);
        probe.stallAttributed(attribution(StallAttribution.Subject.HANG, start, true, StallCause.FORWARD_OR_REVERSE_LOSS));
        probe.hangEnded(start, start + 2 * SECOND);
        tick(1);
        probe.stallAttributed(attribution(StallAttribution.Subject.HANG, start, false, StallCause.REVERSE_LOSS));
        probe.stallAttributed(attribution(StallAttribution.Subject.CYCLE, start, false, StallCause.FAR_END_STALL));
        for (int s = 0; s < 8; s++) {
            probe.kernelRtt(20_000_000L);
            tick(1);
        }

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("pathwatch_hangs_attributed_total{cause=\"reverse_loss\",path=\"p\"} 1.0")
                .contains("pathwatch_cycles_attributed_total{cause=\"far_end_stall\",path=\"p\"} 1.0")
                .as("the provisional cause is not counted").doesNotContain("forward_or_reverse_loss")
                .as("the hang counter keeps its tags").contains("pathwatch_hangs_total{path=\"p\"} 1.0")
                .contains("pathwatch_rtt_kernel_seconds_count{path=\"p\"} 8")
                .containsPattern("pathwatch_rtt_kernel_seconds_bucket\\{path=\"p\",le=\"0\\.02[0-9]*\"} 8");

        List<MetricDatum> datums = new CloudWatchDatums(false).of(steps.drain().get(0), PathState.OK, "a", Instant.EPOCH);
        Set<String> names = datums.stream().map(MetricDatum::metricName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).isSubsetOf(DeployMetricNamesTest.publishedToCloudWatch())
                .doesNotContain(MeterNames.HANGS_ATTRIBUTED, MeterNames.CYCLES_ATTRIBUTED, MeterNames.KERNEL_RTT);
        assertThat(datums).allSatisfy(d -> assertThat(d.dimensions().stream().map(Dimension::name)).isSubsetOf("agent", "path", "kind"));
        MetricDatum hangs = datums.stream().filter(d -> d.metricName().equals(MeterNames.HANGS)).findFirst().orElseThrow();
        assertThat(hangs.value()).isEqualTo(1.0);
        assertThat(hangs.dimensions()).extracting(Dimension::name).containsExactly("agent", "path");
        assertThat(CloudWatchDatums.PER_PATH).as("the cost estimate's per-path metrics").hasSize(10)
                .doesNotContain(MeterNames.HANGS_ATTRIBUTED, MeterNames.CYCLES_ATTRIBUTED, MeterNames.KERNEL_RTT);
    }
}
