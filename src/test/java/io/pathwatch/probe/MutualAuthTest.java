package io.pathwatch.probe;

import static io.pathwatch.testing.ProbeHarness.FAST;
import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.path.FailureKind;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.WindowSnapshot;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.testing.RawClient;
import io.pathwatch.wire.Hello;
import io.pathwatch.wire.HelloAuth;
import io.pathwatch.wire.HelloOk;
import io.pathwatch.wire.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The prober measures only a responder that proves it knows the secret: an impostor that answers
 * HELLO_OK without the proof, or an open responder, is refused as {@code auth_rejected} and never
 * measured as a healthy path. During a secret rotation both secrets work, and the responder
 * counts the connections still on the previous one.
 */
class MutualAuthTest {

    private static final String SECRET = "mutual-secret";

    /** Speaks the protocol on plain sockets and answers every PROOF with HELLO_OK and a made-up proof. Bounded: 200 connections. */
    static final class Impostor implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger helloOks = new AtomicInteger();
        final Thread thread = new Thread(this::run, "impostor");

        Impostor() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            for (int i = 0; i < 200 && !server.isClosed(); i++) {
                try (RawClient peer = new RawClient(server.accept())) {
                    if (!(peer.read() instanceof Hello request) || request.step() != Hello.Step.REQUEST) {
                        continue;
                    }
                    peer.send(Hello.challenge(HelloAuth.newNonce()));
                    if (peer.read() instanceof Hello proof && proof.step() == Hello.Step.PROOF) {
                        peer.send(new HelloOk(false, 99, new byte[Protocol.RESPONDER_PROOF_BYTES]));
                        helloOks.incrementAndGet();
                        peer.read(); // whatever comes next, until the prober gives up
                    }
                } catch (IOException closedOrTimedOut) {
                    // next connection
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static void assertOnlyAuthRejected(ProbeHarness harness) {
        try (harness) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.window("p").errors().get(FailureKind.AUTH_REJECTED.key()) >= 2);
            WindowSnapshot w = harness.window("p");
            assertThat(w.cyclesFailed()).isEqualTo(w.cycles());
            assertThat(w.rtt().count()).as("nothing measured").isZero();
            assertThat(w.streamRtt().count()).as("no stream either").isZero();
            assertThat(harness.path("p").stream().connected()).isFalse();
        }
    }

    @Test
    void anImpostorThatCannotProveTheSecretIsRefused() throws IOException {
        try (Impostor impostor = new Impostor()) {
            assertOnlyAuthRejected(new ProbeHarness(SECRET, List.of(path("p", "127.0.0.1", impostor.port(), null, FAST))));
            assertThat(impostor.helloOks.get()).as("the impostor did answer HELLO_OK").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void anOpenResponderIsRefusedByAProberWithASecret() {
        ResponderServer open = ProbeHarness.responder("");
        try {
            assertOnlyAuthRejected(new ProbeHarness(SECRET, List.of(path("p", "127.0.0.1", open.port(), null, FAST))));
        } finally {
            open.stop();
        }
    }

    @Test
    void duringARotationBothSecretsWorkAndTheResponderCountsTheOldOnes() {
        ResponderServer rotated = new ResponderServer(new ResponderProperties(true, "127.0.0.1", 0, 16384, 64, 64, Duration.ofSeconds(3),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 10_000, 1, new ResponderTlsProperties(false, "", "", "PKCS12"),
                ResponderProperties.ProxyProtocol.OFF, java.util.List.of()), "new", "old");
        rotated.start();
        try (ProbeHarness notYet = new ProbeHarness("old", List.of(path("p", "127.0.0.1", rotated.port(), null, FAST)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> notYet.window("p").cycles() >= 3 && notYet.path("p").stream().connected());
            Map<String, Long> errors = notYet.window("p").errors();
            assertThat(errors.values()).as("errors %s", errors).allMatch(v -> v == 0);
            assertThat(rotated.onPreviousSecret()).as("the stream is on the old secret").isGreaterThanOrEqualTo(1);
        } finally {
            rotated.stop();
        }
    }
}
