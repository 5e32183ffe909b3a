package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.lab.Impairment;
import io.pathwatch.lab.LabPath;
import io.pathwatch.lab.LabPathSettings;
import io.pathwatch.lab.LabProxy;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.testing.WebhookReceiver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import io.pathwatch.stats.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * pathwatch publishing to a local HTTP endpoint that stands in for CloudWatch (the SDK speaks
 * Smithy RPC v2 CBOR to it): names, dimensions, units, and value/count arrays that reconstruct
 * what was recorded; then the endpoint failing and throttling for a while without the probing
 * noticing, and publishing catching up after.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=cw",
        "pathwatch.agent.name=cw-agent",
        "pathwatch.probe.interval=100ms",
        "pathwatch.probe.window=1s",
        "pathwatch.cloudwatch.enabled=true",
        "pathwatch.cloudwatch.namespace=PathwatchTest",
        "pathwatch.cloudwatch.region=us-east-1",
        "pathwatch.cloudwatch.step=2s",
        // every sample is checked to be published exactly once; an untrusted window's latencies are not
        // published at all, and a busy build machine must not make one here (ProberOverloadTest covers that)
        "pathwatch.probe.max-self-lag=1m"})
class CloudWatchExportTest {

    private static final String OPERATION = "/service/GraniteServiceVersion20100801/operation/PutMetricData";
    private static final CBORMapper CBOR = CBORMapper.builder().build();
    private static final byte[] EMPTY_CBOR_MAP = {(byte) 0xA0};

    private static ResponderServer responder;
    private static LabProxy lab;
    private static WebhookReceiver cloudWatch;

    @Value("${local.server.port}")
    int port;
    @Autowired
    ProbeScheduler scheduler;
    @Autowired
    StepFigures steps;
    @Autowired
    PathwatchCloudWatchRegistry cloudWatchRegistry;

    @DynamicPropertySource
    static void labPathAndStandIn(DynamicPropertyRegistry registry) throws IOException {
        // the default credential chain finds these first, so it never asks the instance metadata service
        System.setProperty("aws.accessKeyId", "AKIATESTTESTTESTTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
        responder = ProbeHarness.responder("cw");
        lab = new LabProxy();
        LabPath path = lab.add("lab-5ms", new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port()),
                LabPathSettings.symmetric(Impairment.delay(5, 1, Impairment.Distribution.normal)), 5);
        cloudWatch = WebhookReceiver.started();
        cloudWatch.answer(200, "application/cbor", EMPTY_CBOR_MAP);
        registry.add("pathwatch.paths[0].name", () -> "lab-5ms");
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + path.port());
        registry.add("pathwatch.cloudwatch.endpoint", () -> "http://127.0.0.1:" + cloudWatch.port());
    }

    @AfterAll
    static void stop() {
        cloudWatch.close();
        lab.close();
        responder.stop();
    }

    /** One PutMetricData request, decoded. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(WebhookReceiver.Received r) {
        try {
            byte[] body = r.raw();
            if ("gzip".equalsIgnoreCase(r.header("Content-Encoding"))) {
                body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            }
            return CBOR.readValue(body, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> datums(Map<String, Object> request) {
        return ((List<Object>) request.get("MetricData")).stream().map(Http::map).toList();
    }

    private static List<Map<String, Object>> allDatums() {
        return cloudWatch.received().stream().map(CloudWatchExportTest::decode).flatMap(r -> datums(r).stream()).toList();
    }

    private static Map<String, String> dimensions(Map<String, Object> datum) {
        return ((List<?>) datum.get("Dimensions")).stream().map(Http::map)
                .collect(Collectors.toMap(d -> (String) d.get("Name"), d -> (String) d.get("Value")));
    }

    private static List<Double> doubles(Object list) {
        return ((List<?>) list).stream().map(n -> ((Number) n).doubleValue()).toList();
    }

    @Test
    void publishesNativeDistributionsKeepsProbingThroughFailuresAndCatchesUp() throws Exception {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> allDatums().stream().anyMatch(d -> MeterNames.RTT.equals(d.get("MetricName"))));

        WebhookReceiver.Received first = cloudWatch.received().get(0);
        assertThat(first.path()).isEqualTo(OPERATION);
        assertThat(first.header("Smithy-Protocol")).isEqualTo("rpc-v2-cbor");
        assertThat(decode(first)).containsEntry("Namespace", "PathwatchTest");
        await().atMost(Duration.ofSeconds(10)).until(() -> allDatums().stream().map(d -> (String) d.get("MetricName")).collect(Collectors.toSet())
                .containsAll(Set.of(MeterNames.RTT, MeterNames.CONNECT, MeterNames.JITTER, MeterNames.SPREAD, MeterNames.LOSS, MeterNames.HANGS,
                        MeterNames.HANG_DURATION, MeterNames.STREAM_DISCONNECTS, MeterNames.HEALTH_STATE, MeterNames.SCHEDULE_LAG, MeterNames.HEARTBEAT)));
        Set<String> published = new TreeSet<>();
        for (Map<String, Object> d : allDatums()) {
            String name = (String) d.get("MetricName");
            published.add(name);
            Map<String, String> dims = dimensions(d);
            if (name.equals(MeterNames.HEARTBEAT)) {
                assertThat(dims).containsExactlyEntriesOf(Map.of("agent", "cw-agent"));
                continue;
            }
            assertThat(dims).as(name).containsEntry("agent", "cw-agent").containsEntry("path", "lab-5ms");
            assertThat(dims.keySet()).as(name).isSubsetOf("agent", "path", "kind");
            String unit = (String) d.get("Unit");
            switch (name) {
                case MeterNames.RTT, MeterNames.CONNECT -> {
                    assertThat(unit).isEqualTo("Milliseconds");
                    assertThat(doubles(d.get("Values"))).isNotEmpty().hasSizeLessThanOrEqualTo(150).isSorted()
                            .hasSameSizeAs(doubles(d.get("Counts")));
                    assertThat(d).doesNotContainKey("Value");
                }
                case MeterNames.JITTER, MeterNames.SPREAD, MeterNames.SCHEDULE_LAG -> assertThat(unit).isEqualTo("Milliseconds");
                case MeterNames.HANG_DURATION -> assertThat(unit).isEqualTo("Seconds");
                case MeterNames.HANGS, MeterNames.STREAM_DISCONNECTS, MeterNames.ERRORS, MeterNames.UNTRUSTED -> assertThat(unit).isEqualTo("Count");
                default -> assertThat(unit).isEqualTo("None");
            }
            assertThat(d.get("StorageResolution")).isEqualTo(60);
        }
        assertThat(published).as("only the names MeterNames declares").isSubsetOf(declaredNames());
        // Micrometer's meters (cause-tagged counters, the kernel RTT) never reach CloudWatch: its registry holds the heartbeat alone
        assertThat(cloudWatchRegistry.getMeters()).extracting(m -> m.getId().getName()).containsOnly(MeterNames.HEARTBEAT);
        assertThat(http.object("/api/metrics/cost")).containsEntry("enabled", true).containsEntry("paths", 1).containsEntry("metrics", 11)
                .containsEntry("namespace", "PathwatchTest");

        // the endpoint fails (500), then throttles (400 Throttling), for several steps
        long cyclesBefore = cycles(http);
        int receivedBefore = cloudWatch.received().size();
        Instant failingFrom = Instant.now();
        cloudWatch.answer(500, "application/cbor", CBOR.writeValueAsBytes(Map.of("__type", "InternalServiceFault", "message", "down")));
        await().atMost(Duration.ofSeconds(20)).until(() -> cloudWatch.refused() >= 3);
        cloudWatch.answer(400, "application/cbor", CBOR.writeValueAsBytes(Map.of("__type", "Throttling", "message", "Rate exceeded")));
        int refused = cloudWatch.refused();
        await().atMost(Duration.ofSeconds(20)).until(() -> cloudWatch.refused() >= refused + 3);
        assertThat(cloudWatch.received()).hasSize(receivedBefore);
        assertThat(cycles(http)).as("probing went on").isGreaterThan(cyclesBefore + 30);
        assertThat(http.object("/actuator/health/liveness")).containsEntry("status", "UP");
        assertThat(http.object("/api/paths/lab-5ms").get("state")).isNotEqualTo("DOWN");

        // back: the next step sends what the failed ones kept, with their own timestamps
        cloudWatch.answer(200, "application/cbor", EMPTY_CBOR_MAP);
        Instant recovered = Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> cloudWatch.received().size() > receivedBefore);
        List<Double> caughtUp = cloudWatch.received().subList(receivedBefore, cloudWatch.received().size()).stream().map(CloudWatchExportTest::decode)
                .flatMap(r -> datums(r).stream()).filter(d -> MeterNames.RTT.equals(d.get("MetricName")))
                .map(d -> ((Number) d.get("Timestamp")).doubleValue()).toList();
        List<WebhookReceiver.Received> catchUp = cloudWatch.received().subList(receivedBefore, cloudWatch.received().size());
        System.out.println("catch-up requests: " + catchUp.stream().map(r -> r.raw().length + " B " + r.header("Content-Encoding")).toList());
        assertThat(catchUp.get(0).header("Content-Encoding")).as("several steps in one request: above 10 KiB, so gzipped").isEqualTo("gzip");
        assertThat(caughtUp).as("rtt datums of the failed steps").anySatisfy(t -> assertThat(t).isBetween(
                failingFrom.getEpochSecond() - 1.0, recovered.getEpochSecond() - 2.0));

        // every sample recorded in a sealed window is published exactly once: the sums match the API's
        scheduler.stop();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long api = rttCount(http);
            return api == publishedRttCount() && api == rttCount(http);
        });
        Map<String, Object> rtt = Http.map(Http.map(http.object("/api/paths/lab-5ms?window=1h").get("window")).get("rttMs"));
        List<double[]> pairs = new ArrayList<>();
        for (Map<String, Object> d : allDatums()) {
            if (MeterNames.RTT.equals(d.get("MetricName"))) {
                List<Double> v = doubles(d.get("Values"));
                List<Double> c = doubles(d.get("Counts"));
                for (int i = 0; i < v.size(); i++) {
                    pairs.add(new double[] {v.get(i), c.get(i)});
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(a[0], b[0]));
        ValueCounts merged = new ValueCounts(pairs.stream().map(p -> p[0]).toList(), pairs.stream().map(p -> p[1]).toList());
        System.out.printf("published %d rtt samples; p50 %.3f / %.3f ms, p99 %.3f / %.3f ms, max %.3f / %.3f ms (CloudWatch / API)%n",
                publishedRttCount(), ValueCountsTest.percentile(merged, 50), rtt.get("p50"), ValueCountsTest.percentile(merged, 99), rtt.get("p99"),
                ValueCountsTest.percentile(merged, 100), rtt.get("max"));
        assertThat(ValueCountsTest.percentile(merged, 50)).isCloseTo((Double) rtt.get("p50"), org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(ValueCountsTest.percentile(merged, 99)).isCloseTo((Double) rtt.get("p99"), org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(ValueCountsTest.percentile(merged, 100)).isEqualTo((Double) rtt.get("max"));
        // and a single step's datum against the samples it came from
        StepFigures.Step last = steps.lastDrained().get(0);
        Samples recorded = last.rtt();
        if (recorded != null) {
            ValueCounts vc = ValueCounts.of(recorded);
            assertThat(ValueCountsTest.percentile(vc, 99)).isEqualTo(recorded.valueAtPercentile(99) / 1000.0);
        }
    }

    private static Set<String> declaredNames() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field f : MeterNames.class.getFields()) {
            String v = (String) f.get(null);
            if (v.startsWith("pathwatch.")) {
                names.add(v);
            }
        }
        return names;
    }

    private static long publishedRttCount() {
        return Math.round(allDatums().stream().filter(d -> MeterNames.RTT.equals(d.get("MetricName")))
                .flatMap(d -> doubles(d.get("Counts")).stream()).mapToDouble(Double::doubleValue).sum());
    }

    private static long rttCount(Http http) {
        return ((Number) Http.map(Http.map(http.object("/api/paths/lab-5ms?window=1h").get("window")).get("rttMs")).get("count")).longValue();
    }

    private static long cycles(Http http) {
        return ((Number) Http.map(http.object("/api/paths/lab-5ms?window=1h").get("window")).get("cycles")).longValue();
    }
}
