package io.pathwatch.lab;

import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.path.ProbeSettings;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.WindowSnapshot;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.testing.StunnelPair;
import io.pathwatch.testing.Tools;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original stunnel path, with the real tool: prober → stunnel client → lab (the "internet")
 * → stunnel server → responder, all on loopback. Needs Debian's stunnel4 and openssl
 * ({@code .ci/run} installs them); skipped with a message where they are missing.
 */
class StunnelPathTest {

    @TempDir
    Path dir;
    private StunnelPair stunnel;
    private ResponderServer responder;
    private LabProxy lab;

    @BeforeEach
    void tools() {
        assumeThat(StunnelPair.missing()).as("skipping the stunnel path test: %s", StunnelPair.missing()).isNull();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (stunnel != null) {
            stunnel.close();
        }
        if (lab != null) {
            lab.close();
        }
        if (responder != null) {
            responder.stop();
        }
    }

    @Test
    void aPathThroughRealStunnelIsMeasuredWithTheInternetDelayBetweenTheTwoEnds() throws Exception {
        responder = ProbeHarness.responder("tunnel");
        lab = new LabProxy();
        int serverPort = Tools.freePort();
        int clientPort = Tools.freePort();
        // the "internet" between the two stunnels: 20 ms each way
        LabPath internet = lab.add("internet", new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort),
                LabPathSettings.symmetric(Impairment.delay(20, 0, Impairment.Distribution.normal)), 3);
        stunnel = StunnelPair.start(dir, clientPort, internet.port(), serverPort, responder.port());

        ProbeSettings settings = new ProbeSettings(Duration.ofMillis(300), Duration.ofSeconds(3), 5, 64,
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (ProbeHarness h = new ProbeHarness("tunnel", List.of(path("stunnel-internet", "127.0.0.1", clientPort, null, settings)))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> h.window("stunnel-internet").rtt().count() >= 50
                    && h.path("stunnel-internet").stream().connected());
            WindowSnapshot w = h.window("stunnel-internet");
            System.out.printf("through stunnel + 20 ms each way: rtt p50 %.3f ms p99 %.3f ms, connect p50 %.3f ms, stream rtt p50 %.3f ms, errors %s%n",
                    w.rtt().p50(), w.rtt().p99(), w.connect().p50(), w.streamRtt().p50(), w.errors());
            assertThat(w.errors().values()).allMatch(v -> v == 0);
            assertThat(w.rtt().p50()).isBetween(40.0, 45.0);
            assertThat(internet.connections()).as("every connection crossed the tunnel").isGreaterThan(1);
        }
    }
}
