package io.pathwatch.probe;

import static io.pathwatch.testing.ProbeHarness.FAST;
import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.path.TlsSpec;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.stats.WindowSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pathwatch's own TLS: a responder with a key store, probed with a trust store. */
class TlsPathTest {

    @TempDir
    static Path dir;
    static Path keyStore;

    @BeforeAll
    static void selfSignedCertificate() throws Exception {
        keyStore = dir.resolve("responder.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "responder", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void aTlsPathMeasuresTheHandshakeAndEchoes() {
        ResponderServer responder = ProbeHarness.responder("s", new ResponderTlsProperties(true, keyStore.toString(), "changeit", "PKCS12"));
        TlsSpec trusted = new TlsSpec(keyStore.toString(), "changeit", "PKCS12", "localhost", false);
        try (ProbeHarness h = new ProbeHarness("s", List.of(path("tls", "127.0.0.1", responder.port(), trusted, FAST)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("tls").cycles() >= 3);
            WindowSnapshot w = h.window("tls");
            assertThat(w.errors().values()).allMatch(v -> v == 0);
            assertThat(w.tls().count()).isEqualTo(w.cycles());
            assertThat(w.tls().p50()).isPositive();
            assertThat(w.rtt().count()).isEqualTo(3L * w.cycles());
        } finally {
            responder.stop();
        }
    }

    @Test
    void aCertificateThatIsNotTrustedIsATlsError() {
        ResponderServer responder = ProbeHarness.responder("s", new ResponderTlsProperties(true, keyStore.toString(), "changeit", "PKCS12"));
        TlsSpec defaultTrust = new TlsSpec("", "", "PKCS12", "localhost", false);
        try (ProbeHarness h = new ProbeHarness("s", List.of(path("tls", "127.0.0.1", responder.port(), defaultTrust, FAST)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("tls").errors().get("tls_error") >= 2);
            assertThat(h.window("tls").rtt().count()).isZero();
        } finally {
            responder.stop();
        }
    }
}
