package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.JitteryLabPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OTLP/HTTP export, against a receiver on 127.0.0.1 that decodes what it is sent with the
 * OpenTelemetry protobuf classes: the pathwatch meters arrive with the Prometheus names' dots,
 * the {@code agent} and {@code path} attributes and base units, the latency as a real histogram
 * with the scrape's compact bounds, whose buckets hold the p50 and p99 of {@code /api/paths}
 * over the very same samples.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=otlp",
        "pathwatch.agent.name=otlp-agent",
        "pathwatch.probe.interval=100ms",
        "pathwatch.probe.window=1s",
        "pathwatch.probe.max-self-lag=1m",
        "management.otlp.metrics.export.enabled=true",
        "management.otlp.metrics.export.step=1s"})
class OtlpExportTest {

    private static final Map<String, Metric> LATEST = new ConcurrentHashMap<>();
    private static final Map<String, String> RESOURCE = new ConcurrentHashMap<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static HttpServer receiver;
    private static JitteryLabPath jittery;

    @Value("${local.server.port}")
    int port;
    @Autowired
    ProbeScheduler scheduler;

    @DynamicPropertySource
    static void otlpReceiverAndJitteryPath(DynamicPropertyRegistry registry) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/v1/metrics", exchange -> {
            try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
                for (ResourceMetrics rm : request.getResourceMetricsList()) {
                    rm.getResource().getAttributesList().forEach(kv -> RESOURCE.put(kv.getKey(), kv.getValue().getStringValue()));
                    for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                        sm.getMetricsList().forEach(m -> LATEST.put(m.getName(), m));
                    }
                }
                REQUESTS.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                throw new UncheckedIOException(e);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        registry.add("management.otlp.metrics.export.url", () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/metrics");
        jittery = JitteryLabPath.configure(registry, "otlp", 15);
    }

    @AfterAll
    static void stop() {
        jittery.close();
        receiver.stop(0);
    }

    @Test
    void theMetersArriveWithTheirNamesAttributesUnitsAndRealHistograms() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> rttCount() >= 200);
        // the exact p50 gauge of the last window, before the stop leaves an empty one (NaN, no value)
        await().atMost(Duration.ofSeconds(10)).until(() -> LATEST.containsKey(MeterNames.RTT_P50)
                && Double.isFinite(jitteryGauge(LATEST.get(MeterNames.RTT_P50))));
        double p50Gauge = jitteryGauge(LATEST.get(MeterNames.RTT_P50));
        // stop probing; once the last window is sealed and pushed both sides hold exactly the same samples
        scheduler.stop();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> rttCount() == apiRtt(http).get("count").longValue());

        Metric rtt = LATEST.get(MeterNames.RTT);
        assertThat(rtt.getDataCase()).isEqualTo(Metric.DataCase.HISTOGRAM);
        assertThat(rtt.getUnit()).isEqualTo("seconds");
        HistogramDataPoint point = jittery(rtt.getHistogram().getDataPointsList());
        assertThat(attributes(point.getAttributesList())).containsEntry("agent", "otlp-agent").containsEntry("path", "jittery");
        assertThat(RESOURCE).containsEntry("service.name", "pathwatch");

        Map<String, Number> api = apiRtt(http);
        for (double q : new double[] {0.5, 0.99}) {
            double[] bucket = bucketOf(point, q);
            double apiMs = api.get(q == 0.5 ? "p50" : "p99").doubleValue();
            System.out.printf("OTLP: %d samples, q%.2f in bucket (%.3f, %.3f] ms; /api/paths %.3f ms%n", point.getCount(), q,
                    bucket[0] * 1000, bucket[1] * 1000, apiMs);
            assertThat(apiMs / 1000).as("q%s", q).isGreaterThan(bucket[0]).isLessThanOrEqualTo(bucket[1]);
        }
        // the same compact bounds on both routes (pathwatch.metrics.histogram-buckets), also with Boot's composite registry in between
        assertThat(point.getExplicitBoundsList()).containsExactly(0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0);
        assertThat(http.get("/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith("pathwatch_rtt_seconds_bucket{") && l.contains("path=\"jittery\"")).count()).isEqualTo(11);

        assertThat(LATEST.keySet()).contains(MeterNames.CONNECT, MeterNames.KERNEL_RTT, MeterNames.HANGS, MeterNames.HANG_DURATION,
                MeterNames.STREAM_DISCONNECTS, MeterNames.LOSS, MeterNames.JITTER, MeterNames.SPREAD, MeterNames.RTT_P50, MeterNames.RTT_P99,
                MeterNames.HEALTH_STATE, MeterNames.SCHEDULE_LAG, MeterNames.HANG_OPEN, MeterNames.LOOP_LAG, MeterNames.HEARTBEAT);
        Metric hangs = LATEST.get(MeterNames.HANGS);
        assertThat(hangs.getDataCase()).isEqualTo(Metric.DataCase.SUM);
        assertThat(hangs.getSum().getIsMonotonic()).isTrue();
        Metric jitter = LATEST.get(MeterNames.JITTER);
        assertThat(jitter.getDataCase()).isEqualTo(Metric.DataCase.GAUGE);
        assertThat(jitter.getUnit()).isEqualTo("seconds");
        assertThat(p50Gauge).as("rtt p50 gauge (s) of a 5 ms ± 2 ms path each way").isGreaterThan(0.008).isLessThan(0.5);
        assertThat(LATEST.keySet().stream().filter(n -> n.startsWith("pathwatch.")).collect(Collectors.toSet()))
                .as("every pathwatch meter of the scrape").hasSizeGreaterThanOrEqualTo(15);
    }

    private static long rttCount() {
        Metric rtt = LATEST.get(MeterNames.RTT);
        return rtt == null ? -1 : jittery(rtt.getHistogram().getDataPointsList()).getCount();
    }

    private static Map<String, Number> apiRtt(Http http) {
        @SuppressWarnings("unchecked")
        Map<String, Number> rtt = (Map<String, Number>) (Map<?, ?>) Http.map(Http.map(http.object("/api/paths/jittery?window=1h").get("window"))
                .get("rttMs"));
        return rtt;
    }

    private static HistogramDataPoint jittery(List<HistogramDataPoint> points) {
        return points.stream().filter(p -> "jittery".equals(attributes(p.getAttributesList()).get("path"))).findFirst().orElseThrow();
    }

    private static double jitteryGauge(Metric gauge) {
        return gauge.getGauge().getDataPointsList().stream().filter(p -> "jittery".equals(attributes(p.getAttributesList()).get("path")))
                .findFirst().orElseThrow().getAsDouble();
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    /** The bucket (lower, upper] holding quantile {@code q}, found the way histogram_quantile ranks; cumulative counts. */
    private static double[] bucketOf(HistogramDataPoint point, double q) {
        double rank = q * point.getCount();
        long seen = 0;
        for (int i = 0; i < point.getBucketCountsCount(); i++) {
            seen += point.getBucketCounts(i);
            if (seen >= rank) {
                double lower = i == 0 ? 0 : point.getExplicitBounds(i - 1);
                double upper = i < point.getExplicitBoundsCount() ? point.getExplicitBounds(i) : Double.POSITIVE_INFINITY;
                return new double[] {lower, upper};
            }
        }
        throw new AssertionError("no bucket holds q" + q);
    }
}
