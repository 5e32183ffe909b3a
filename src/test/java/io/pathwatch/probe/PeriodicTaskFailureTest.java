package io.pathwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeListeners;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.testing.ProbeHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Netty never runs a periodic task again once it threw, and says nothing. A listener that throws
 * an {@link Error} from inside the heartbeat tick must not stop a path's heartbeats, and one that
 * throws from a cycle's report must not stop its cycles.
 */
class PeriodicTaskFailureTest {

    private static final String SECRET = "periodic-secret";

    /** Throws an Error from the 5th to the 7th heartbeat tick and from the 2nd cycle report; counts what follows. */
    static final class ThrowingListener implements ProbeListener {
        final AtomicInteger ticks = new AtomicInteger();
        final AtomicInteger thrown = new AtomicInteger();
        final AtomicInteger echoedAfter = new AtomicInteger();
        final AtomicInteger cycles = new AtomicInteger();

        @Override
        public void heartbeatTick(long lateNanos, boolean written) {
            int n = ticks.incrementAndGet();
            if (n >= 5 && n <= 7) {
                thrown.incrementAndGet();
                throw new Error("injected failure in heartbeat tick " + n);
            }
        }

        @Override
        public void heartbeatEchoed(long rttNanos, long sentRttNanos, boolean late, boolean afterStall) {
            if (thrown.get() == 3) {
                echoedAfter.incrementAndGet();
            }
        }

        @Override
        public void cycleCompleted(CycleOutcome outcome) {
            if (cycles.incrementAndGet() == 2) {
                throw new Error("injected failure in cycle report");
            }
        }
    }

    @Test
    void heartbeatsAndCyclesGoOnAfterAListenerThrewAnError() {
        ResponderServer responder = ProbeHarness.responder(SECRET);
        PathSpec path = ProbeHarness.path("throwing", "127.0.0.1", responder.port(), null, ProbeHarness.FAST);
        List<PathSpec> paths = List.of(path);
        StatsRegistry stats = new StatsRegistry(paths);
        ThrowingListener throwing = new ThrowingListener();
        ProbeScheduler scheduler = new ProbeScheduler(new ProbeClient("test-agent", SECRET, 1, paths), paths,
                ProbeListeners.tee(stats, p -> throwing));
        try {
            scheduler.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(throwing.thrown.get()).isEqualTo(3);
                assertThat(throwing.echoedAfter.get()).as("heartbeats echoed after the last throw").isGreaterThanOrEqualTo(20);
                assertThat(throwing.cycles.get()).as("cycles reported after the one whose report threw").isGreaterThanOrEqualTo(6);
            });
        } finally {
            scheduler.stop();
            responder.stop();
        }
    }
}
