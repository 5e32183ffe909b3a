package io.pathwatch.it;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.NetnsHosts;
import io.pathwatch.testing.Tools;
import java.nio.charset.StandardCharsets;
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
 * Delay below TCP: two network namespaces joined through {@code src/test/c/delayline.c}, a
 * userspace delay line between two TUN devices (this kernel has no netem), 50 ms each way. Unlike
 * the lab proxy, it delays SYN and SYN-ACK too, so the connect time must show the delay. Needs
 * root, ip netns, curl, gcc and /dev/net/tun; skipped with a message where one is missing.
 */
class NetnsDelayLineIT {

    private static final double ONE_WAY_MS = 50;
    private static final double PEER_SLACK_MS = 2.5;
    private static final String PATH = "http://127.0.0.1:18083/api/paths/delayed?window=5m";

    @TempDir
    Path dir;
    private NetnsHosts hosts;

    @BeforeEach
    void hosts() throws Exception {
        String missing = NetnsHosts.delayLineMissing();
        assumeThat(missing).as("skipping the delay-line test: %s", missing).isNull();
        hosts = NetnsHosts.withDelayLine("d", dir, ONE_WAY_MS);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void connectTimeAndRttBothShowADelayInjectedBelowTcp() throws Exception {
        hosts.responderAndProber("198.18.2.1", 18082, 18083, "delayed", "--pathwatch.probe.interval=500ms");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> ((Number) map(window().get("rttMs")).get("count")).longValue() >= 50);
        Map<String, Object> w = window();
        double rtt = ((Number) map(w.get("rttMs")).get("p50")).doubleValue();
        double connect = ((Number) map(w.get("connectMs")).get("p50")).doubleValue();
        double peer = curlConnectP50();
        System.out.printf("delay line 50 ms each way: connect p50 %.3f ms, rtt p50 %.3f ms, curl connect p50 %.3f ms, errors %s%n",
                connect, rtt, peer, w.get("errors"));
        // the delay line itself adds a few ms on a busy machine (one thread, two TUN passes per
        // packet), so the upper bound is what curl measures through it in the same minute
        assertThat(peer).as("curl connect p50 (ms)").isGreaterThanOrEqualTo(2 * ONE_WAY_MS);
        assertThat(connect).as("connect p50 (ms) against curl's %.3f", peer).isBetween(2 * ONE_WAY_MS, peer + PEER_SLACK_MS);
        assertThat(rtt).as("rtt p50 (ms) against curl's connect %.3f", peer).isBetween(2 * ONE_WAY_MS, peer + PEER_SLACK_MS);
        assertThat(map(w.get("errors")).values()).allMatch(v -> ((Number) v).longValue() == 0);
    }

    /**
     * curl's TCP connect time to the same responder port from the same namespace, the median of
     * 21 connects: a peer tool's reading of one round trip through the same delay line. The
     * responder drops curl's HTTP request as a bad hello; only the handshake time is used.
     */
    private double curlConnectP50() throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            Process p = new ProcessBuilder("ip", "netns", "exec", hosts.b, "curl", "-s", "-o", "/dev/null", "--max-time", "2",
                    "-w", "%{time_connect}", "http://198.18.2.1:7100/").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            double seconds = Double.parseDouble(out);
            if (seconds > 0) {
                ms.add(seconds * 1000);
            }
        }
        assertThat(ms).as("curl connects through the delay line").hasSizeGreaterThanOrEqualTo(15);
        Collections.sort(ms);
        return ms.get(ms.size() / 2);
    }

    private Map<String, Object> window() throws Exception {
        return map(hosts.json(hosts.b, PATH).get("window"));
    }
}
