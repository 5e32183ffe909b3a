package io.pathwatch.probe;

import static io.pathwatch.testing.ProbeHarness.FAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.Egress;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Phase;
import io.pathwatch.path.ProbeMode;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.TlsSpec;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.WindowSnapshot;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths to a TCP port that runs no responder ({@code mode: connect}), and the source address
 * every path's connections bind. The far ends are plain listeners on loopback that note who
 * connected: their count and the addresses they saw are the truth the figures are held to.
 */
class ConnectModeTest {

    @TempDir
    Path dir;
    private Listener listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new Listener(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
    }

    @AfterEach
    void close() throws IOException {
        listener.server.close();
    }

    @Test
    void aConnectCycleTimesResolveAndConnectAndSendsNothing() throws Exception {
        PathSpec path = connect("plain", "localhost", listener.port(), null);
        try (ProbeScheduler scheduler = oneOff(path)) {
            CycleOutcome o = scheduler.runNow("plain").get(10, TimeUnit.SECONDS);

            assertThat(o.succeeded()).as(String.valueOf(o.detail())).isTrue();
            assertThat(o.dnsNanos()).isGreaterThanOrEqualTo(0);
            assertThat(o.connectNanos()).isPositive();
            assertThat(o.tlsNanos()).as("no TLS on this path").isEqualTo(-1);
            assertThat(o.echoesPlanned()).isZero();
            assertThat(o.echoes()).isEmpty();
            assertThat(o.address()).as("localhost resolved to").isEqualTo("127.0.0.1");
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.peers.size() == 1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(listener.bytesRead).as("bytes the prober sent").isZero());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(listener.orderlyCloses).as("closed with FIN, not RST").isEqualTo(1));
        }
    }

    @Test
    void scheduledConnectCyclesCountEveryConnectAndKeepNoStream() {
        PathSpec path = connect("scheduled", "127.0.0.1", listener.port(), null);
        try (ProbeHarness h = new ProbeHarness("unused", List.of(path))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("scheduled").cycles() >= 5);
            WindowSnapshot w = h.window("scheduled");
            int accepted = listener.peers.size();

            assertThat(w.connect().count()).isEqualTo(w.cycles());
            assertThat((long) accepted).as("connections the listener accepted").isBetween(w.cycles(), w.cycles() + 1);
            assertThat(w.lossRatio()).isEqualTo(0.0);
            assertThat(w.rtt().count()).isZero();
            assertThat(w.streamRtt().count()).as("no stream, so no heartbeat").isZero();
            assertThat(w.jitterMs()).isNull();
            assertThat(h.path("scheduled").stream().since()).as("no stream ever connected or failed").isNull();
            assertThat(h.path("scheduled").lastCycle().address()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aRefusedConnectIsAFailureAndLossAndAFullAcceptQueueATimeout() throws IOException {
        int closed = Tools.freePort();
        // never accepts: once its queue is full the kernel drops further SYNs, so connects time out
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<PathSpec> paths = List.of(connect("refused", "127.0.0.1", closed, null), connect("full", "127.0.0.1", full.getLocalPort(), null),
                    connect("fine", "127.0.0.1", listener.port(), null));
            try (ProbeHarness h = new ProbeHarness("unused", paths)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> h.window("refused").cycles() >= 4 && h.window("full").errors().get("timeout") >= 2
                        && h.window("fine").cycles() >= 4);
                WindowSnapshot refused = h.window("refused");
                assertThat(refused.errors().get("refused")).isEqualTo(refused.cycles());
                assertThat(refused.lossRatio()).as("every connect failed").isEqualTo(1.0);
                assertThat(refused.connect().count()).isZero();

                WindowSnapshot full2 = h.window("full");
                long timeouts = full2.errors().get("timeout");
                assertThat(full2.cyclesFailed()).isEqualTo(timeouts);
                assertThat(full2.lossRatio()).as("failed connects / connects tried").isEqualTo(timeouts / (double) full2.cycles());
                assertThat(full2.connect().count()).as("the connects that fit in the queue").isEqualTo(full2.cycles() - timeouts);

                assertThat(h.window("fine").lossRatio()).isEqualTo(0.0);
            }
        }
    }

    @Test
    void aNameThatDoesNotResolveIsADnsErrorButNoConnectWasTriedSoNoLoss() throws Exception {
        try (ProbeHarness h = new ProbeHarness("unused", List.of(connect("nowhere", "nowhere.invalid", 80, null)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("nowhere").cycles() >= 3);
            WindowSnapshot w = h.window("nowhere");
            assertThat(w.errors().get("dns_error")).isEqualTo(w.cycles());
            assertThat(w.lossRatio()).isNull();
            assertThat(h.path("nowhere").lastCycle().address()).isNull();
        }
    }

    @Test
    void aTlsConnectCycleTimesTheHandshakeAgainstAnyTlsServer() throws Exception {
        Path keyStore = selfSigned(dir);
        ResponderServer tls = ProbeHarness.responder("s", new ResponderTlsProperties(true, keyStore.toString(), "changeit", "PKCS12"));
        // a JVM's first TLS handshake loads and warms a lot: longer than FAST's 500 ms timeout on these machines
        ProbeSettings patient = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), 1, 64, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        try (ProbeScheduler scheduler = oneOff(new PathSpec("tls", "127.0.0.1", tls.port(), new TlsSpec(keyStore.toString(), "changeit", "PKCS12",
                "localhost", false), Map.of(), patient, ProbeMode.CONNECT, Egress.DEFAULT))) {
            CycleOutcome o = scheduler.runNow("tls").get(10, TimeUnit.SECONDS);
            assertThat(o.succeeded()).as(String.valueOf(o.detail())).isTrue();
            assertThat(o.tlsNanos()).isPositive();
            assertThat(o.echoes()).isEmpty();
        } finally {
            tls.stop();
        }
        try (ProbeScheduler scheduler = oneOff(connect("not-tls", "127.0.0.1", listener.port(), new TlsSpec("", "", "PKCS12", "localhost", false)))) {
            // the plain listener never answers the ClientHello: the TLS phase times out, after a connect that worked
            CycleOutcome o = scheduler.runNow("not-tls").get(10, TimeUnit.SECONDS);
            assertThat(o.failedPhase()).isEqualTo(Phase.TLS);
            assertThat(o.connectNanos()).isPositive();
        }
    }

    @Test
    void aSourceAddressIsWhatTheFarEndSeesInBothModes() throws Exception {
        Egress from2 = new Egress("127.0.0.2", 0);
        try (ProbeScheduler scheduler = oneOff(connect("from-2", "127.0.0.1", listener.port(), null).withEgress(from2))) {
            CycleOutcome o = scheduler.runNow("from-2").get(10, TimeUnit.SECONDS);
            assertThat(o.succeeded()).as(String.valueOf(o.detail())).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.peers.size() == 1);
            assertThat(listener.peers.get(0)).isEqualTo("127.0.0.2");
        }
        ResponderServer responder = ProbeHarness.responder("s");
        PathSpec stream = new PathSpec("stream-from-3", "127.0.0.1", responder.port(), null, Map.of(), FAST, ProbeMode.STREAM,
                new Egress("127.0.0.3", 0));
        try (ProbeHarness h = new ProbeHarness("s", List.of(stream))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("stream-from-3").rtt().count() > 0
                    && h.path("stream-from-3").stream().connected());
            assertThat(responder.probers(10)).as("the responder's view of who connected").isNotEmpty()
                    .allSatisfy(p -> assertThat(p.address()).isEqualTo("127.0.0.3"));
        } finally {
            responder.stop();
        }
    }

    @Test
    void aSourceAddressThisHostDoesNotHaveIsALocalErrorNotThePath() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails before any packet leaves
        try (ProbeScheduler scheduler = oneOff(connect("foreign-source", "127.0.0.1", listener.port(), null)
                .withEgress(new Egress("192.0.2.1", 0)))) {
            CycleOutcome o = scheduler.runNow("foreign-source").get(10, TimeUnit.SECONDS);
            assertThat(o.failure()).as(String.valueOf(o.detail())).isEqualTo(FailureKind.LOCAL_ERROR);
            assertThat(o.failedPhase()).isEqualTo(Phase.CONNECT);
            assertThat(listener.peers).isEmpty();
        }
    }

    /** A PKCS12 key store with a self-signed certificate for localhost and 127.0.0.1, password changeit. */
    static Path selfSigned(Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return keyStore;
    }

    static PathSpec connect(String name, String host, int port, TlsSpec tls) {
        return new PathSpec(name, host, port, tls, Map.of(), FAST, ProbeMode.CONNECT, Egress.DEFAULT);
    }

    /** A scheduler that is never started: {@code runNow} alone, as the CLI drives it. */
    static ProbeScheduler oneOff(PathSpec path) {
        return new ProbeScheduler(new ProbeClient("test-agent", "", 1, List.of(path)), List.of(path), p -> new io.pathwatch.path.ProbeListener() { });
    }

    /** Accepts, notes the peer's address, reads until the peer closes and notes how it closed. */
    static final class Listener {
        final ServerSocket server;
        final List<String> peers = new CopyOnWriteArrayList<>();
        volatile long bytesRead;
        volatile int orderlyCloses;

        Listener(ServerSocket server) {
            this.server = server;
            Thread t = new Thread(this::accept, "connect-mode-listener");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    peers.add(((InetSocketAddress) s.getRemoteSocketAddress()).getAddress().getHostAddress());
                    Thread reader = new Thread(() -> read(s), "connect-mode-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void read(Socket s) {
            try (s) {
                s.setSoTimeout(10_000);
                byte[] buf = new byte[4096];
                int n;
                while ((n = s.getInputStream().read(buf)) >= 0) {
                    bytesRead += n;
                }
                orderlyCloses++;
            } catch (IOException e) {
                // a reset or the timeout: not an orderly close
            }
        }
    }
}
