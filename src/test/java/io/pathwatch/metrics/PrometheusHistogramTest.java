package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.JitteryLabPath;
import io.pathwatch.testing.Tools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /actuator/prometheus} exposes real histogram buckets (the default compact set): p99
 * computed from them the way Prometheus' {@code histogram_quantile} does lands in the bucket that
 * holds the p99 of {@code /api/paths} over the very same samples.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=prom",
        "pathwatch.agent.name=prom-agent",
        "pathwatch.probe.interval=100ms",
        "pathwatch.probe.window=1s",
        // untrusted windows stay out of the meters but not the API; this test compares the two on the same samples
        "pathwatch.probe.max-self-lag=1m"})
class PrometheusHistogramTest {

    private static final Pattern BUCKET = Pattern.compile(
            "^pathwatch_rtt_seconds_bucket\\{agent=\"prom-agent\",path=\"jittery\",le=\"([^\"]+)\"} ([0-9.E+-]+)$", Pattern.MULTILINE);

    private static JitteryLabPath jittery;

    @Value("${local.server.port}")
    int port;
    @Autowired
    ProbeScheduler scheduler;

    @DynamicPropertySource
    static void jitteryPath(DynamicPropertyRegistry registry) {
        jittery = JitteryLabPath.configure(registry, "prom", 11);
    }

    @AfterAll
    static void stop() {
        jittery.close();
    }

    record Bucket(double le, double count) {
    }

    @Test
    void p99FromTheBucketsLandsWhereTheApisP99Is() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> buckets(http).stream().mapToDouble(Bucket::count).max().orElse(0) >= 200);
        // stop probing and let the last window seal: both sides then hold exactly the same samples
        scheduler.stop();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            double inf = total(buckets(http));
            return inf == rttCount(http) && inf == total(buckets(http));
        });
        List<Bucket> buckets = buckets(http);
        double total = total(buckets);
        double rank = 0.99 * total;
        double lower = 0;
        double below = 0;
        double estimate = Double.NaN;
        double upper = Double.NaN;
        for (Bucket b : buckets) {
            if (b.count() >= rank) {
                upper = b.le();
                estimate = lower + (upper - lower) * (rank - below) / (b.count() - below);
                break;
            }
            lower = b.le();
            below = b.count();
        }
        Map<String, Object> rtt = Http.map(Http.map(http.object("/api/paths/jittery?window=1h").get("window")).get("rttMs"));
        double apiP99 = ((Number) rtt.get("p99")).doubleValue();
        System.out.printf("%.0f samples: histogram_quantile(0.99) = %.3f ms in bucket (%.3f, %.3f] ms; /api/paths p99 = %.3f ms%n",
                total, estimate * 1000, lower * 1000, upper * 1000, apiP99);
        assertThat(total).isEqualTo(((Number) rtt.get("count")).doubleValue());
        assertThat(apiP99 / 1000).isGreaterThan(lower).isLessThanOrEqualTo(upper);
        assertThat(estimate).isGreaterThan(lower).isLessThanOrEqualTo(upper);
        // the default compact set (pathwatch.metrics.histogram-buckets): ten half-decade bounds and +Inf
        assertThat(buckets).extracting(Bucket::le).containsExactly(0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0,
                Double.POSITIVE_INFINITY);
    }

    /** Prometheus' own linter accepts every pathwatch series: base units, suffixes, help texts. */
    @Test
    void promtoolFindsNothingToSayAboutPathwatchSeries() throws Exception {
        assumeTrue(Tools.onPath("promtool"), "promtool is not installed (Debian package prometheus): the exposition is not linted");
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> http.prometheus("pathwatch_jitter_seconds", "path", "jittery") != null);
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(http.get("/actuator/prometheus").body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String findings = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        System.out.println("promtool check metrics: " + (findings.isBlank() ? "no findings" : findings));
        assertThat(findings.lines().filter(l -> l.startsWith("pathwatch_")).toList()).isEmpty();
    }

    private double rttCount(Http http) {
        return ((Number) Http.map(Http.map(http.object("/api/paths/jittery?window=1h").get("window")).get("rttMs")).get("count")).doubleValue();
    }

    private static double total(List<Bucket> buckets) {
        return buckets.isEmpty() ? -1 : buckets.get(buckets.size() - 1).count();
    }

    private static List<Bucket> buckets(Http http) {
        String text = http.get("/actuator/prometheus").body();
        List<Bucket> out = new ArrayList<>();
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            out.add(new Bucket(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
        }
        return out;
    }
}
