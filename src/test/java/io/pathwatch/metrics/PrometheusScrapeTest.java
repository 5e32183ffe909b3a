package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.stats.DrivenStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowSnapshot;
import io.pathwatch.testing.ScrapeLines;
import io.pathwatch.testing.SuppliedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What one path costs a scrape, and what the short bucket set keeps: the configured bounds, a
 * path's exact p50/p99 as gauges (the buckets are too coarse for them), and at most 40 lines for
 * the meters that existed before the cut (issue 15's goal; the kernel rtt, the settled causes
 * and the new gauges are counted apart).
 */
class PrometheusScrapeTest {

    private static final long SECOND = 1_000_000_000L;
    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec PATH = new PathSpec("p", "127.0.0.1", 7100, null, Map.of(), SETTINGS);
    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final StatsRegistry stats = DrivenStats.registry(List.of(PATH), nanos::get,
            new SuppliedClock(() -> 1_764_057_600L * SECOND + nanos.get()));
    private final ProbeListener probe = stats.forPath(PATH);
    private final Random random = new Random(15);

    /** A 205 ms path with 2 ms of jitter: 5 echoes a second for {@code seconds}; returns the rtts (µs) of the last 10 s. */
    private List<Long> feed(int seconds) {
        List<Long> lastWindow = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            List<EchoSample> echoes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long micros = 205_000 + (long) (random.nextGaussian() * 2_000);
                long t1 = 1_764_057_600_000_000_000L + nanos.get();
                echoes.add(new EchoSample(micros * 1000, t1, t1 + micros * 500, t1 + micros * 500, t1 + micros * 1000));
                if (s >= seconds - 10) {
                    lastWindow.add(micros);
                }
            }
            probe.cycleCompleted(new CycleOutcome(0, 50_000, 205_000_000, -1, echoes, 5, 5, 0, null, null, null));
            nanos.addAndGet(SECOND);
            stats.harvestAll();
        }
        return lastWindow;
    }

    private PrometheusMeterRegistry registry(boolean compact) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (compact) {
            prometheus.config().meterFilter(new HistogramBuckets(new HistogramProperties(
                    List.of(Duration.ofNanos(300_000), Duration.ofMillis(1), Duration.ofMillis(3), Duration.ofMillis(10), Duration.ofMillis(30),
                            Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10)),
                    false).histogramBuckets()));
        }
        PathMeters meters = new PathMeters(stats);
        stats.addWindowListener(meters);
        meters.bindTo(prometheus);
        return prometheus;
    }

    @Test
    void theScrapeHasTheConfiguredBucketsAndThePathsExactQuantilesAsGauges() {
        PrometheusMeterRegistry prometheus = registry(true);
        List<Long> last = feed(20);
        String scrape = prometheus.scrape();

        List<String> bounds = new ArrayList<>();
        Matcher m = Pattern.compile("^pathwatch_rtt_seconds_bucket\\{path=\"p\",le=\"([^\"]+)\"} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        while (m.find()) {
            bounds.add(m.group(1));
        }
        assertThat(bounds).containsExactly("3.0E-4", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1.0", "3.0", "10.0", "+Inf");
        assertThat(scrape).contains("pathwatch_rtt_seconds_bucket{path=\"p\",le=\"0.1\"} 0")
                .contains("pathwatch_rtt_seconds_bucket{path=\"p\",le=\"0.3\"} 100");

        // the reference: the last 10 s window's own samples, sorted (the stats keep 3 significant digits)
        Collections.sort(last);
        double p50 = last.get((int) Math.ceil(0.50 * last.size()) - 1) / 1e6;
        double p99 = last.get((int) Math.ceil(0.99 * last.size()) - 1) / 1e6;
        WindowSnapshot window = stats.get("p").orElseThrow().last().figures();
        double gaugeP50 = gauge(scrape, "pathwatch_rtt_p50_seconds");
        double gaugeP99 = gauge(scrape, "pathwatch_rtt_p99_seconds");
        System.out.printf("rtt p50 gauge %.6f s (window %.3f ms, samples %.6f s); p99 gauge %.6f s (window %.3f ms, samples %.6f s)%n",
                gaugeP50, window.rtt().p50(), p50, gaugeP99, window.rtt().p99(), p99);
        assertThat(gaugeP50).isEqualTo(window.rtt().p50() / 1000);
        assertThat(gaugeP99).isEqualTo(window.rtt().p99() / 1000);
        assertThat(gaugeP50).isCloseTo(p50, org.assertj.core.data.Percentage.withPercentage(0.2));
        assertThat(gaugeP99).isCloseTo(p99, org.assertj.core.data.Percentage.withPercentage(0.2));
    }

    @Test
    void aPathsMetersFromBeforeTheCutTakeAtMostFortyLines() {
        PrometheusMeterRegistry compact = registry(true);
        // the health state (HealthStateMeters) and the three baselines (both HealthStateMeters) are bound elsewhere: counted as their lines
        feed(20);
        Map<String, Integer> families = ScrapeLines.families(compact.scrape(), "p");
        int measured = ScrapeLines.beforeTheCut(families);
        int before = measured + 1;
        int others = families.values().stream().mapToInt(Integer::intValue).sum() - measured + HealthStateMeters.BASELINE_FIGURES.size();
        System.out.printf("lines per path: %d for the meters from before the cut (health state included), %d for the others %s "
                + "(the baselines included)%n", before, others, families);
        assertThat(families).containsKeys("pathwatch_rtt_seconds", "pathwatch_connect_seconds", "pathwatch_rtt_kernel_seconds");
        assertThat(before).isLessThanOrEqualTo(40);
    }

    @Test
    void fineHistogramsKeepMicrometersPercentileBuckets() {
        PrometheusMeterRegistry fine = registry(false);
        feed(20);
        assertThat(ScrapeLines.families(fine.scrape(), "p").get("pathwatch_rtt_seconds")).isGreaterThan(90);
    }

    private static double gauge(String scrape, String name) {
        Matcher m = Pattern.compile("^" + name + "\\{path=\"p\"} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as(name).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
