package io.pathwatch.lab;

import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.path.ProbeSettings;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.WindowSnapshot;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.testing.Tools;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private Process stunnel;
    private ResponderServer responder;
    private LabProxy lab;

    @BeforeEach
    void tools() {
        assumeThat(Tools.onPath("stunnel")).as("stunnel is not installed (Debian package stunnel4); skipping the stunnel path test").isTrue();
        assumeThat(Tools.onPath("openssl")).as("openssl is not installed; skipping the stunnel path test").isTrue();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (stunnel != null) {
            stunnel.destroy();
            stunnel.waitFor(10, TimeUnit.SECONDS);
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
        startStunnel(clientPort, internet.port(), serverPort, responder.port());

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

    private void startStunnel(int clientPort, int clientConnect, int serverPort, int responderPort) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost")
                .redirectErrorStream(true).start();
        assertThat(gen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gen.exitValue()).as(new String(gen.getInputStream().readAllBytes())).isZero();
        Path conf = dir.resolve("stunnel.conf");
        Files.writeString(conf, """
                foreground = yes
                pid =
                debug = 4
                [pathwatch-client]
                client = yes
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                CAfile = %s
                verifyPeer = yes
                [pathwatch-server]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                """.formatted(clientPort, clientConnect, cert, serverPort, responderPort, cert, key));
        stunnel = new ProcessBuilder("stunnel", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stunnel.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), clientPort)) {
                return s.isConnected();
            }
        });
    }
}
