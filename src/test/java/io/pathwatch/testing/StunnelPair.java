package io.pathwatch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real stunnel pair on loopback (one stunnel process, a client and a server service): the
 * client accepts plain TCP and connects with TLS (peer verified) to wherever the caller says,
 * e.g. a lab path standing for the internet; the server accepts that TLS and connects in plain
 * TCP to the responder. A self-signed EC certificate from openssl.
 */
public final class StunnelPair implements AutoCloseable {

    private final Process process;

    private StunnelPair(Process process) {
        this.process = process;
    }

    /** Why it cannot run here (stunnel4, openssl), or null. */
    public static String missing() {
        if (!Tools.onPath("stunnel")) {
            return "stunnel is not installed (Debian package stunnel4)";
        }
        return Tools.onPath("openssl") ? null : "openssl is not installed";
    }

    /** Client on 127.0.0.1:{@code clientPort} → TLS to {@code clientConnect}; server on {@code serverPort} → {@code responderPort}. */
    public static StunnelPair start(Path dir, int clientPort, int clientConnect, int serverPort, int responderPort)
            throws IOException, InterruptedException {
        Path cert = dir.resolve("stunnel-cert.pem");
        Path key = dir.resolve("stunnel-key.pem");
        Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost")
                .redirectErrorStream(true).start();
        String genOut = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gen.waitFor(60, TimeUnit.SECONDS) || gen.exitValue() != 0) {
            throw new IllegalStateException("openssl failed: " + genOut);
        }
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
        Process p = new ProcessBuilder("stunnel", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stunnel.log").toFile()).start();
        StunnelPair pair = new StunnelPair(p);
        try {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), clientPort)) {
                    return s.isConnected();
                }
            });
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
