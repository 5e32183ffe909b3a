package io.pathwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pathwatch.path.PathSpec;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.ProbeHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Probe cycles leave no connection in TIME_WAIT, on the prober or on the responder: at a few
 * hundred cycles a second to one ip:port, 60 s of TIME_WAIT each would use up the ephemeral ports.
 * Counted from the kernel's own table ({@code /proc/net/tcp}, state 06).
 */
class TimeWaitTest {

    private static final String SECRET = "time-wait-secret";

    @Test
    void cyclesLeaveNoTimeWaitOnEitherEnd() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "skipped: no /proc/net/tcp (not Linux) to count TIME_WAIT in");
        ResponderServer responder = ProbeHarness.responder(SECRET);
        int port = responder.port();
        List<PathSpec> paths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            paths.add(ProbeHarness.path("tw-" + i, "127.0.0.1", port, null, ProbeHarness.FAST));
        }
        try (ProbeHarness prober = new ProbeHarness(SECRET, paths)) {
            // each cycle is a connection of its own; the 4 streams stay up
            await().atMost(Duration.ofSeconds(30)).until(() -> responder.connectionsAccepted() >= 64);
            long cyclesDone = paths.stream().mapToLong(p -> prober.window(p.name()).cycles()).sum();
            assertThat(cyclesDone).isGreaterThanOrEqualTo(40);
            assertThat(timeWait(port)).as("connections in TIME_WAIT to or from port %d after %d cycles", port, cyclesDone).isZero();
        } finally {
            responder.stop();
        }
    }

    /** Sockets in TIME_WAIT whose local or remote port is {@code port}, over IPv4 and IPv6. */
    static long timeWait(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("06") && (f[1].endsWith(hexPort) || f[2].endsWith(hexPort))) {
                    n++;
                }
            }
        }
        return n;
    }
}
