package io.pathwatch.probe;

import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.path.ProbeSettings;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.stats.HangSummary;
import io.pathwatch.testing.PausableRelay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamHangTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofSeconds(2);

    @Test
    void aTwoSecondStallIsExactlyOneHangOfTwoSecondsWithinAHeartbeat() throws Exception {
        ResponderServer responder = ProbeHarness.responder("s");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ProbeSettings settings = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 2, 64,
                HEARTBEAT, Duration.ofSeconds(1), Duration.ofSeconds(10));
        try (PausableRelay relay = new PausableRelay(responder.port());
             ProbeHarness h = new ProbeHarness("s", List.of(path("stalling", "127.0.0.1", relay.port(), null, settings)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("stalling").streamRtt().count() >= 10);
            assertThat(h.window("stalling").hangs().count()).isZero();

            relay.pause();
            timer.schedule(relay::resume, STALL.toMillis(), TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofMillis(1800)).until(() -> h.window("stalling").hangs().open());
            HangSummary during = h.window("stalling").hangs();
            assertThat(during.count()).isEqualTo(1);
            assertThat(h.path("stalling").openHangSince()).isNotNull();

            await().atMost(Duration.ofSeconds(3)).until(() -> !h.window("stalling").hangs().open());
            // a few more heartbeats flow normally after the stall
            long after = h.window("stalling").streamRtt().count();
            await().atMost(Duration.ofSeconds(3)).until(() -> h.window("stalling").streamRtt().count() >= after + 10);

            HangSummary hangs = h.window("stalling").hangs();
            System.out.printf("a %d ms stall measured as %d hang(s), longest %.1f ms%n", STALL.toMillis(), hangs.count(), hangs.longestMs());
            assertThat(hangs.count()).isEqualTo(1);
            assertThat(hangs.open()).isFalse();
            assertThat(hangs.longestMs()).isBetween(STALL.toMillis() - (double) HEARTBEAT.toMillis(), STALL.toMillis() + (double) HEARTBEAT.toMillis());
            assertThat(hangs.totalMs()).isEqualTo(hangs.longestMs());
            // the stalled heartbeats were echoed late, not lost, and their RTT shows the stall
            assertThat(h.window("stalling").streamRtt().max()).isGreaterThan(STALL.toMillis() * 0.9);
            assertThat(h.path("stalling").stream().disconnects()).isZero();
        } finally {
            timer.shutdownNow();
            responder.stop();
        }
    }
}
