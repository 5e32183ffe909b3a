package io.pathwatch.it;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.NetnsHosts;
import io.pathwatch.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mode: connect} beside Prometheus' blackbox exporter ({@code tcp_connect} prober), both
 * in one network namespace, both connecting to the same port in another through
 * {@code src/test/c/delayline.c} (25 ms each way, SYN and SYN-ACK included). The far end runs no
 * responder: it is a second blackbox exporter's HTTP port, a TCP service like any other.
 *
 * <p>The blackbox exporter reports no connect time of its own, only {@code probe_duration_seconds}
 * (the whole probe: resolve, dial, close, and its own bookkeeping) and
 * {@code probe_dns_lookup_time_seconds}; its connect time is their difference. What that
 * difference adds beyond the connect is its resolution, measured here as the same difference for
 * a listener in its own namespace, where the connect itself costs microseconds. pathwatch's
 * figures are one-off cycles ({@code POST /api/paths/{name}/probe}) taken in turn with the
 * blackbox probes, so both see the delay line in the same seconds (on a loaded machine the
 * userspace delay line itself drifts by milliseconds from minute to minute). The two connect
 * medians must agree within blackbox's floor plus {@link #DELAY_LINE_SLACK_MS} for the delay
 * line's noise between two neighbouring connects. The scheduled cycles' window median is printed
 * too. Needs root, ip netns, curl, gcc, /dev/net/tun and {@code prometheus-blackbox-exporter};
 * skipped with a message where one is missing.
 */
class NetnsBlackboxConnectIT {

    private static final String BLACKBOX = "prometheus-blackbox-exporter";
    private static final double ONE_WAY_MS = 25;
    private static final double DELAY_LINE_SLACK_MS = 1.5;
    private static final int PROBES = 41;
    private static final String PATH = "http://127.0.0.1:18093/api/paths/third-party?window=5m";

    @TempDir
    Path dir;
    private NetnsHosts hosts;

    @BeforeEach
    void hosts() throws Exception {
        assumeThat(Tools.onPath(BLACKBOX)).as("skipping the blackbox comparison: %s is not installed (Debian package %s)", BLACKBOX, BLACKBOX)
                .isTrue();
        String missing = NetnsHosts.delayLineMissing();
        assumeThat(missing).as("skipping the blackbox comparison: %s", missing).isNull();
        hosts = NetnsHosts.withDelayLine("k", dir, ONE_WAY_MS);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void connectTimeAgreesWithBlackboxTcpConnectWithinItsResolution() throws Exception {
        Path config = dir.resolve("blackbox.yml");
        Files.writeString(config, "modules:\n  tcp_connect:\n    prober: tcp\n    timeout: 5s\n    tcp:\n      preferred_ip_protocol: ip4\n");
        // the far end: any TCP listener; this one happens to be a blackbox exporter's HTTP port
        hosts.start("target", "ip", "netns", "exec", hosts.a, BLACKBOX, "--config.file=" + config, "--web.listen-address=198.18.2.1:9115");
        hosts.start("blackbox", "ip", "netns", "exec", hosts.b, BLACKBOX, "--config.file=" + config, "--web.listen-address=127.0.0.1:19115");
        hosts.pathwatch(hosts.b, "prober", "--server.port=18093", "--server.address=127.0.0.1", "--pathwatch.responder.enabled=false",
                "--pathwatch.state-dir=" + dir.resolve("state"), "--pathwatch.probe.interval=500ms",
                "--pathwatch.paths[0].name=third-party", "--pathwatch.paths[0].target=198.18.2.1:9115", "--pathwatch.paths[0].mode=connect",
                "--pathwatch.paths[1].name=local", "--pathwatch.paths[1].target=127.0.0.1:19115", "--pathwatch.paths[1].mode=connect");
        // the scheduled cycles warm the prober's JVM up first
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> ((Number) map(window().get("connectMs")).get("count")).longValue() >= 20);

        double[] floors = interleaved("127.0.0.1:19115", "local");
        double[] delayed = interleaved("198.18.2.1:9115", "third-party");
        double floor = floors[0];
        double blackbox = delayed[0];
        double pathwatch = delayed[1];
        Map<String, Object> w = window();
        System.out.printf("delay line %.0f ms each way, %d connects each, taken in turn: pathwatch connect p50 %.3f ms, blackbox tcp_connect "
                        + "(duration - dns) p50 %.3f ms; difference %.3f ms, allowed %.3f ms. In-namespace floors: blackbox %.3f ms, "
                        + "pathwatch %.3f ms. pathwatch's scheduled cycles (5 min window): connect p50 %s ms over %s cycles, errors %s%n",
                ONE_WAY_MS, PROBES, pathwatch, blackbox, pathwatch - blackbox, floor + DELAY_LINE_SLACK_MS, floor, floors[1],
                map(w.get("connectMs")).get("p50"), map(w.get("connectMs")).get("count"), w.get("errors"));

        assertThat(pathwatch).as("pathwatch connect p50 (ms): one round trip through the delay line").isGreaterThanOrEqualTo(2 * ONE_WAY_MS);
        assertThat(blackbox).as("blackbox connect p50 (ms)").isGreaterThanOrEqualTo(2 * ONE_WAY_MS);
        assertThat(Math.abs(pathwatch - blackbox)).as("|pathwatch - blackbox| (ms) against blackbox's floor %.3f ms", floor)
                .isLessThanOrEqualTo(floor + DELAY_LINE_SLACK_MS);
        assertThat(w.get("lossRatio")).isEqualTo(0.0);
        assertThat(w.get("hangs")).isNull();
    }

    /**
     * {@link #PROBES} rounds of one blackbox tcp_connect probe of {@code target}
     * ({@code probe_duration_seconds - probe_dns_lookup_time_seconds}) and one pathwatch cycle of
     * {@code path} (its {@code connectMs}); the two medians, ms.
     */
    private double[] interleaved(String target, String path) throws Exception {
        List<Double> blackbox = new ArrayList<>();
        List<Double> pathwatch = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            String metrics = hosts.get(hosts.b, "http://127.0.0.1:19115/probe?module=tcp_connect&target=" + target, 10);
            if (metric(metrics, "probe_success") == 1.0) {
                blackbox.add((metric(metrics, "probe_duration_seconds") - metric(metrics, "probe_dns_lookup_time_seconds")) * 1000);
            }
            Map<String, Object> cycle = probeNow(path);
            if (Boolean.TRUE.equals(cycle.get("succeeded"))) {
                pathwatch.add(((Number) cycle.get("connectMs")).doubleValue());
            }
        }
        assertThat(blackbox).as("successful blackbox probes of %s", target).hasSizeGreaterThanOrEqualTo(PROBES - 5);
        assertThat(pathwatch).as("successful pathwatch cycles of %s", path).hasSizeGreaterThanOrEqualTo(PROBES - 5);
        return new double[] {median(blackbox), median(pathwatch)};
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> probeNow(String path) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", hosts.b, "curl", "-s", "--max-time", "10", "-X", "POST",
                "-H", "X-Pathwatch-Request: 1", "http://127.0.0.1:18093/api/paths/" + path + "/probe").start();
        byte[] body = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return tools.jackson.databind.json.JsonMapper.builder().build().readValue(body, Map.class);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double metric(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private Map<String, Object> window() throws Exception {
        return map(hosts.json(hosts.b, PATH).get("window"));
    }
}
