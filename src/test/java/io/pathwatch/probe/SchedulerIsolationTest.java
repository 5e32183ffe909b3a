package io.pathwatch.probe;

import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.path.ProbeSettings;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.stats.WindowSnapshot;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerIsolationTest {

    @Test
    void aDeadPathDoesNotDelayALiveOne() throws Exception {
        ResponderServer responder = ProbeHarness.responder("s");
        ProbeSettings settings = new ProbeSettings(Duration.ofMillis(100), Duration.ofSeconds(1), 3, 64,
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
        try (ServerSocket blackhole = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
             ProbeHarness h = new ProbeHarness("s", List.of(
                     path("live", "127.0.0.1", responder.port(), null, settings),
                     path("dead", "127.0.0.1", blackhole.getLocalPort(), null, settings)))) {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).until(() -> h.window("live").cycles() >= 50 && h.window("dead").errors().get("timeout") >= 10);
            double elapsedIntervals = (System.nanoTime() - start) / 1e8;
            WindowSnapshot live = h.window("live");
            WindowSnapshot dead = h.window("dead");
            assertThat(live.scheduleLag().p99()).as("live path lag p99 ms").isLessThan(50.0);
            assertThat(live.cyclesFailed()).isZero();
            assertThat(live.cyclesSkipped()).isZero();
            assertThat((double) live.cycles()).as("live cycles kept their schedule").isGreaterThanOrEqualTo(elapsedIntervals * 0.8);
            assertThat(dead.cyclesFailed()).isEqualTo(dead.cycles());
            // connected, but silent from HELLO on: no echo was ever sent, so none was lost; every cycle is a timeout
            assertThat(dead.errors().get("timeout")).isEqualTo(dead.cycles());
            assertThat(dead.lossRatio()).as("nothing sent, nothing lost").isNull();
        } finally {
            responder.stop();
        }
    }
}
