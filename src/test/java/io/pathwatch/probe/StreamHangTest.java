package io.pathwatch.probe;

import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.path.ProbeSettings;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.stats.HangSummary;
import io.pathwatch.stats.WindowSnapshot;
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
            assertThat(during.started()).isEqualTo(1);
            assertThat(h.path("stalling").openHangSince()).isNotNull();

            await().atMost(Duration.ofSeconds(3)).until(() -> !h.window("stalling").hangs().open());
            // a few more heartbeats flow normally after the stall (and are harvested)
            long after = h.window("stalling").streamRtt().count();
            await().atMost(Duration.ofSeconds(4)).until(() -> h.window("stalling").streamRtt().count() >= after + 10);

            HangSummary hangs = h.window("stalling").hangs();
            System.out.printf("a %d ms stall measured as %d hang(s), longest %.1f ms%n", STALL.toMillis(), hangs.count(), hangs.longestMs());
            assertThat(hangs.count()).isEqualTo(1);
            assertThat(hangs.open()).isFalse();
            assertThat(hangs.longestMs()).isBetween(STALL.toMillis() - (double) HEARTBEAT.toMillis(), STALL.toMillis() + (double) HEARTBEAT.toMillis());
            assertThat(hangs.totalMs()).isEqualTo(hangs.longestMs());
            // the stalled heartbeats were echoed, not lost, and their RTT shows the stall; within timeout (3 s) none is late
            assertThat(h.window("stalling").streamRtt().max()).isGreaterThan(STALL.toMillis() * 0.9);
            assertThat(h.window("stalling").late()).isZero();
            assertThat(h.window("stalling").lossRatio()).isEqualTo(0.0);
            assertThat(h.path("stalling").stream().disconnects()).isZero();
        } finally {
            timer.shutdownNow();
            responder.stop();
        }
    }

    @Test
    void repliesLaterThanTheTimeoutAreLateWithTheirTrueRttNotLost() throws Exception {
        ResponderServer responder = ProbeHarness.responder("s");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        // timeout 1 s, a 4 s stall: heartbeats sent in its first 3 s come back more than a timeout late
        ProbeSettings settings = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 64,
                HEARTBEAT, Duration.ofMillis(500), Duration.ofSeconds(10));
        try (PausableRelay relay = new PausableRelay(responder.port());
             ProbeHarness h = new ProbeHarness("s", List.of(path("late", "127.0.0.1", relay.port(), null, settings)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("late").streamRtt().count() >= 10);
            relay.pauseExisting();
            timer.schedule(relay::resume, 4000, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(8)).until(() -> h.window("late").hangs().started() == 1 && !h.window("late").hangs().open()
                    && h.window("late").late() > 0);
            await().atMost(Duration.ofSeconds(3)).until(() -> h.window("late").late() >= 25);
            WindowSnapshot w = h.window("late");
            System.out.printf("a 4 s stall with a 1 s timeout: %d late, loss %s, stream rtt max %.1f ms, hang %.1f ms%n", w.late(),
                    w.lossRatio(), w.streamRtt().max(), w.hangs().longestMs());
            assertThat(w.late()).isBetween(25L, 35L);
            assertThat(w.lossRatio()).as("late is not lost").isEqualTo(0.0);
            assertThat(w.streamRtt().max()).isBetween(3_800.0, 4_400.0);
            assertThat(w.jitterMs()).as("the burst that ends the hang is not jitter").isLessThan(5.0);
            assertThat(h.path("late").stream().disconnects()).isZero();
        } finally {
            timer.shutdownNow();
            responder.stop();
        }
    }

    @Test
    void aStreamSilentForTheGiveUpReconnectsAndItsHangGoesOnUntilEchoesFlowAgain() throws Exception {
        ResponderServer responder = ProbeHarness.responder("s");
        ProbeSettings settings = new ProbeSettings(Duration.ofMillis(500), Duration.ofSeconds(2), 2, 64,
                HEARTBEAT, Duration.ofSeconds(1), Duration.ofSeconds(1)).withStreamGiveUp(Duration.ofSeconds(3));
        try (PausableRelay relay = new PausableRelay(responder.port());
             ProbeHarness h = new ProbeHarness("s", List.of(path("silent", "127.0.0.1", relay.port(), null, settings)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> h.window("silent").streamRtt().count() >= 10);
            // the stream's connection goes silent for good; fresh connections (the cycles, the reconnect) pass
            relay.pauseExisting();
            long stalled = System.nanoTime();
            await().atMost(Duration.ofSeconds(2)).until(() -> h.window("silent").hangs().open());
            await().atMost(Duration.ofSeconds(6)).until(() -> h.path("silent").stream().disconnects() == 1);
            double gaveUpAfter = (System.nanoTime() - stalled) / 1e6;
            assertThat(h.path("silent").openHangSince()).as("the hang belongs to the path, not the socket").isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> !h.window("silent").hangs().open());
            await().atMost(Duration.ofSeconds(3)).until(() -> h.window("silent").streamDisconnects() == 1);
            WindowSnapshot w = h.window("silent");
            System.out.printf("silent stream: gave up after %.0f ms, one hang of %.1f ms across the reconnect, loss %.3f, late %d%n",
                    gaveUpAfter, w.hangs().longestMs(), w.lossRatio(), w.late());
            assertThat(gaveUpAfter).isBetween(2_900.0, 4_500.0);
            assertThat(w.hangs().started()).isEqualTo(1);
            // from the stall to the first echo on the new connection: give-up (3 s) + reconnect backoff (0.4..0.6 s) + handshake
            assertThat(w.hangs().longestMs()).isBetween(3_300.0, 5_000.0);
            assertThat(w.lossRatio()).as("the heartbeats given up with the connection are lost").isPositive();
            assertThat(w.late()).isZero();
            assertThat(h.path("silent").stream().connected()).isTrue();
        } finally {
            responder.stop();
        }
    }
}
