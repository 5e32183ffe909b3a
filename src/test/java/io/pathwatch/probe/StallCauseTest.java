package io.pathwatch.probe;

import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.EventExecutor;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallCause;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.PausableRelay;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.wire.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Causes from real kernels on loopback: a relay that holds the responder's replies while both of
 * its sockets keep acknowledging is a stall above TCP; a prober squeezed during it still does not
 * blame itself; and the kernel's smoothed RTT is reported. (The directions need one-way drops:
 * {@code NetnsStallCauseIT}.)
 */
class StallCauseTest {

    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(5), Duration.ofSeconds(3), 2, 64,
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(50));

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Captured captured = new Captured();
    private ResponderServer responder;
    private ProbeClient client;
    private ProbeScheduler scheduler;

    static final class Captured implements ProbeListener {
        final List<StallAttribution> stalls = new CopyOnWriteArrayList<>();
        final AtomicInteger echoes = new AtomicInteger();
        final List<Long> kernelRtts = new CopyOnWriteArrayList<>();
        final AtomicInteger hangs = new AtomicInteger();

        @Override
        public void hangStarted(long startNanos, long startEpochNanos) {
            hangs.incrementAndGet();
        }

        @Override
        public void heartbeatEchoed(long rttNanos, long sentRttNanos, boolean late, boolean afterStall) {
            echoes.incrementAndGet();
        }

        @Override
        public void stallAttributed(StallAttribution a) {
            stalls.add(a);
        }

        @Override
        public void kernelRtt(long srttNanos) {
            kernelRtts.add(srttNanos);
        }

        StallAttribution settledHang() {
            return stalls.stream().filter(a -> a.subject() == StallAttribution.Subject.HANG && a.settled()).findFirst().orElse(null);
        }
    }

    private void start(int port) {
        List<PathSpec> paths = List.of(path("p", "127.0.0.1", port, null, SETTINGS));
        client = new ProbeClient("test-agent", "s", 1, paths);
        scheduler = new ProbeScheduler(client, paths, p -> captured);
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> captured.echoes.get() >= 20);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        if (scheduler != null) {
            scheduler.stop();
            client.close();
        }
        if (responder != null) {
            responder.stop();
        }
    }

    @Test
    void repliesHeldAboveTcpAreAFarEndStallFirstProvisionallyThenSettled() throws Exception {
        responder = ProbeHarness.responder("s");
        try (PausableRelay relay = new PausableRelay(responder.port())) {
            start(relay.port());
            relay.pauseExisting();
            timer.schedule(relay::resume, 2, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(15)).until(() -> captured.settledHang() != null);
            StallAttribution settled = captured.settledHang();
            System.out.println(settled.sentence() + " " + settled.evidence());
            if (Transport.best() != Transport.EPOLL) {
                assertThat(settled.cause()).isEqualTo(StallCause.UNKNOWN);
                assertThat(settled.missing()).contains("NIO");
                return;
            }
            assertThat(settled.cause()).isEqualTo(StallCause.FAR_END_STALL);
            assertThat(settled.durationNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(1_800), TimeUnit.MILLISECONDS.toNanos(2_300));
            assertThat(settled.evidence()).extracting(Object::toString).contains("prober unacked=0");
            // the provisional view came while it hung, from the same evidence
            assertThat(captured.stalls.get(0).open()).isTrue();
            assertThat(captured.stalls.get(0).cause()).isEqualTo(StallCause.FAR_END_STALL);
            assertThat(captured.kernelRtts).isNotEmpty().allSatisfy(r -> assertThat(r).isPositive().isLessThan(TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    @Test
    void aProberSqueezedDuringAFarEndStallDoesNotBlameItself() throws Exception {
        responder = ProbeHarness.responder("s");
        try (PausableRelay relay = new PausableRelay(responder.port())) {
            start(relay.port());
            EventExecutor loop = scheduler.loops().iterator().next();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            relay.pauseExisting();
            timer.schedule(relay::resume, 2, TimeUnit.SECONDS);
            // 80 ms of our event loop busy in every 100 ms, for the 2 s of the stall: ticks run up to 80 ms late
            loop.execute(new Runnable() {
                @Override
                public void run() {
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(80);
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    if (System.nanoTime() < until) {
                        loop.schedule(this, 20, TimeUnit.MILLISECONDS);
                    }
                }
            });
            await().atMost(Duration.ofSeconds(15)).until(() -> captured.settledHang() != null);
            StallAttribution settled = captured.settledHang();
            System.out.println(settled.sentence() + " " + settled.evidence());
            if (Transport.best() == Transport.EPOLL) {
                assertThat(settled.cause()).isEqualTo(StallCause.FAR_END_STALL);
            }
        }
    }

    /**
     * The engine keeps its own lag from making hangs: Netty reads the sockets before it runs the
     * timers, and a tick more than a heartbeat late judges nothing. Squeezed with a threshold as
     * tight as allowed, a prober reports no hang to attribute at all (local_overload stays the
     * backstop for what gets past this; {@code StallJudgeTest} holds its rule).
     */
    @Test
    void aSqueezedProberMakesNoHangToBlameOnThePath() throws Exception {
        responder = ProbeHarness.responder("s");
        ProbeSettings tight = new ProbeSettings(Duration.ofSeconds(5), Duration.ofSeconds(3), 2, 64,
                Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(50));
        List<io.pathwatch.path.PathSpec> paths = List.of(path("p", "127.0.0.1", responder.port(), null, tight));
        client = new ProbeClient("test-agent", "s", 1, paths);
        scheduler = new ProbeScheduler(client, paths, p -> captured);
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> captured.echoes.get() >= 20);
        EventExecutor loop = scheduler.loops().iterator().next();
        AtomicInteger squeezes = new AtomicInteger();
        // busy 90 ms of every 100, then 140 of every 150: ticks run late, past max-self-lag, for 2 s each
        for (long[] pattern : new long[][] {{90, 10}, {140, 10}}) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            loop.execute(new Runnable() {
                @Override
                public void run() {
                    squeezes.incrementAndGet();
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pattern[0]);
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    if (System.nanoTime() < until) {
                        loop.schedule(this, pattern[1], TimeUnit.MILLISECONDS);
                    }
                }
            });
            int echoes = captured.echoes.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() > until && captured.echoes.get() >= echoes + 25);
        }
        assertThat(squeezes.get()).isGreaterThan(20);
        assertThat(captured.stalls).isEmpty();
        assertThat(captured.hangs.get()).isZero();
    }
}
