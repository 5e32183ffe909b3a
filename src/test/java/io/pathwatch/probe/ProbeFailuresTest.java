package io.pathwatch.probe;

import static io.pathwatch.testing.ProbeHarness.FAST;
import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.path.FailureKind;
import io.pathwatch.path.TlsSpec;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.stats.WindowSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every failure kind, each provoked for real over loopback, is classified and counted. */
class ProbeFailuresTest {

    private static final String SECRET = "right";
    private static ResponderServer responder;
    private static ServerSocket silent;
    private static ServerSocket resetting;

    @BeforeAll
    static void servers() throws IOException {
        responder = ProbeHarness.responder(SECRET);
        silent = new ServerSocket(0, 100, InetAddress.getLoopbackAddress()); // accepts (backlog), never answers
        resetting = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!resetting.isClosed()) {
                try (Socket s = resetting.accept()) {
                    s.setSoLinger(true, 0); // close with RST
                } catch (IOException e) {
                    return;
                }
            }
        }, "resetter");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws IOException {
        responder.stop();
        silent.close();
        resetting.close();
    }

    @Test
    void aHealthyPathReportsEveryFigureAndNoError() {
        try (ProbeHarness h = new ProbeHarness(SECRET, List.of(path("ok", "127.0.0.1", responder.port(), null, FAST)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("ok").cycles() >= 3 && h.window("ok").streamRtt().count() > 5);
            WindowSnapshot w = h.window("ok");
            assertThat(w.rtt().count()).isEqualTo(3L * w.cycles());
            assertThat(w.rtt().p50()).isBetween(0.001, 50.0);
            assertThat(w.connect().count()).isEqualTo(w.cycles());
            assertThat(w.dns().count()).isEqualTo(w.cycles());
            assertThat(w.tls()).isNull();
            assertThat(w.errors().values()).allMatch(v -> v == 0);
            assertThat(w.lossRatio()).isZero();
            assertThat(w.jitterMs()).isNotNull();
            assertThat(w.oneWay()).isNotNull();
            assertThat(w.oneWay().forwardMs() + w.oneWay().reverseMs()).isLessThanOrEqualTo(w.rtt().max() + 0.001);
            assertThat(h.path("ok").stream().connected()).isTrue();
        }
    }

    @Test
    void aWrongSecretIsAuthRejected() {
        assertOnlyFailure(new ProbeHarness("wrong", List.of(path("p", "127.0.0.1", responder.port(), null, FAST))), FailureKind.AUTH_REJECTED);
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertOnlyFailure(new ProbeHarness(SECRET, List.of(path("p", "127.0.0.1", closed, null, FAST))), FailureKind.REFUSED);
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersTimesOut() {
        assertOnlyFailure(new ProbeHarness(SECRET, List.of(path("p", "127.0.0.1", silent.getLocalPort(), null, FAST))), FailureKind.TIMEOUT);
    }

    @Test
    void aServerThatResetsIsReset() {
        assertOnlyFailure(new ProbeHarness(SECRET, List.of(path("p", "127.0.0.1", resetting.getLocalPort(), null, FAST))), FailureKind.RESET);
    }

    @Test
    void aNameUnderInvalidIsADnsError() {
        assertOnlyFailure(new ProbeHarness(SECRET, List.of(path("p", "nowhere.invalid", 7100, null, FAST))), FailureKind.DNS_ERROR);
    }

    @Test
    void tlsToAPlainPortIsATlsError() {
        TlsSpec insecure = new TlsSpec("", "", "PKCS12", "", true);
        assertOnlyFailure(new ProbeHarness(SECRET, List.of(path("p", "127.0.0.1", responder.port(), insecure, FAST))), FailureKind.TLS_ERROR);
    }

    private static void assertOnlyFailure(ProbeHarness harness, FailureKind kind) {
        try (harness) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.window("p").errors().get(kind.key()) >= 2);
            WindowSnapshot w = harness.window("p");
            assertThat(w.cyclesFailed()).isEqualTo(w.cycles());
            Map<String, Long> others = new java.util.HashMap<>(w.errors());
            others.remove(kind.key());
            assertThat(others.values()).as("no other kind than %s in %s", kind, w.errors()).allMatch(v -> v == 0);
            assertThat(w.rtt().count()).isZero();
        }
    }

}
