package io.pathwatch.lab;

import static io.pathwatch.testing.ProbeHarness.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.path.ProbeSettings;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.HangSummary;
import io.pathwatch.stats.WindowSnapshot;
import io.pathwatch.testing.ProbeHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * pathwatch's figures against impairments the lab injected: the tolerances here are the claims
 * in docs/accuracy.md. Each test prints what was injected beside what was measured.
 */
class LabAccuracyTest {

    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofMillis(200), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2));

    private ResponderServer responder;
    private LabProxy lab;

    @BeforeEach
    void start() {
        responder = ProbeHarness.responder("lab");
        lab = new LabProxy();
    }

    @AfterEach
    void stop() {
        lab.close();
        responder.stop();
    }

    private LabPath labPath(String name, LabPathSettings settings) {
        return lab.add(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port()), settings, 7);
    }

    private ProbeHarness probe(LabPath p) {
        return new ProbeHarness("lab", List.of(path(p.name(), "127.0.0.1", p.port(), null, SETTINGS)));
    }

    private static WindowSnapshot awaitEchoes(ProbeHarness h, String name, long rtts) {
        await().atMost(Duration.ofSeconds(60)).until(() -> h.window(name).rtt().count() >= rtts);
        return h.window(name);
    }

    @Test
    void aFixedDelayOf50msEachWayIsMeasuredWithin1msOf100msPlusTheProxysOwnLatency() {
        LabPath p = labPath("delay", LabPathSettings.symmetric(Impairment.delay(1, 0, Impairment.Distribution.normal)));
        double own;
        try (ProbeHarness h = probe(p)) {
            own = awaitEchoes(h, "delay", 150).rtt().p50() - 2.0;
        }
        p.update(LabPathSettings.symmetric(Impairment.delay(50, 0, Impairment.Distribution.normal)));
        try (ProbeHarness h = probe(p)) {
            WindowSnapshot w = awaitEchoes(h, "delay", 150);
            System.out.printf("fixed delay 50+50 ms: rtt p50 %.3f ms, proxy's own latency %.3f ms (measured at 1+1 ms), "
                    + "connect p50 %.3f ms, stream rtt p50 %.3f ms%n", w.rtt().p50(), own, w.connect().p50(), w.streamRtt().p50());
            assertThat(own).as("proxy's own latency (ms)").isBetween(0.0, 3.0);
            assertThat(w.rtt().p50()).isCloseTo(100.0 + own, org.assertj.core.api.Assertions.within(1.0));
            assertThat(w.rtt().min()).isGreaterThanOrEqualTo(100.0);
            assertThat(w.streamRtt().p50()).isBetween(100.0, 100.0 + own + 2.0);
        }
    }

    @Test
    void normalJitterOf5msEachWayIsMeasuredWithin15PercentOfTheInjectedSamples() {
        LabPath p = labPath("jitter", LabPathSettings.symmetric(Impairment.delay(20, 5, Impairment.Distribution.normal)));
        WindowSnapshot w;
        try (ProbeHarness h = probe(p)) {
            w = awaitEchoes(h, "jitter", 600);
        }
        Map<Long, List<Long>> up = byConnection(p.applied(Direction.UPSTREAM).chunks());
        Map<Long, List<Long>> down = byConnection(p.applied(Direction.DOWNSTREAM).chunks());
        long stream = up.entrySet().stream().max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size())).orElseThrow().getKey();

        double expectedJitter = meanRfc3550(roundTrips(up.get(stream), down.get(stream)));
        List<Long> cycleRtts = new ArrayList<>();
        up.keySet().stream().filter(c -> c != stream && down.containsKey(c))
                .forEach(c -> cycleRtts.addAll(roundTrips(up.get(c), down.get(c))));
        long[] sorted = cycleRtts.stream().mapToLong(Long::longValue).sorted().toArray();
        double expectedSpread = (percentile(sorted, 99) - percentile(sorted, 50)) / 1e6;

        System.out.printf("normal jitter sigma 5 ms each way: RFC 3550 jitter %.3f ms (injected samples: %.3f ms), "
                        + "spread %.3f ms (injected samples: %.3f ms, %d echoes)%n",
                w.jitterMs(), expectedJitter, w.spreadMs(), expectedSpread, sorted.length);
        assertThat(w.jitterMs()).isCloseTo(expectedJitter, org.assertj.core.api.Assertions.withinPercentage(15));
        assertThat(w.spreadMs()).isCloseTo(expectedSpread, org.assertj.core.api.Assertions.withinPercentage(15));
    }

    @Test
    void aThreeSecondStallIsOneHangOfThreeSecondsAndCleanFiguresReturn() {
        LabPath p = labPath("stall", LabPathSettings.symmetric(Impairment.delay(20, 0, Impairment.Distribution.normal)));
        try (ProbeHarness h = probe(p)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> h.window("stall").streamRtt().count() >= 20);
            p.stallNow(3000);
            await().atMost(Duration.ofSeconds(3)).until(() -> h.window("stall").hangs().open());
            await().atMost(Duration.ofSeconds(5)).until(() -> !h.window("stall").hangs().open());
            HangSummary hangs = h.window("stall").hangs();
            System.out.printf("3 s stall: %d hang(s), longest %.1f ms%n", hangs.count(), hangs.longestMs());
            assertThat(hangs.count()).isEqualTo(1);
            assertThat(hangs.longestMs()).isBetween(2900.0, 3100.0);
            // the first whole window after the stall is clean
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                WindowSnapshot last = h.path("stall").lastWindow();
                return last != null && last.hangs().count() == 0 && last.cycles() > 0 && last.cyclesFailed() == 0
                        && last.lossRatio() != null && last.lossRatio() == 0.0 && last.rtt().p99() < 45.0;
            });
            assertThat(h.path("stall").stream().disconnects()).isZero();
        }
    }

    @Test
    void aResetAfterNBytesIsCountedAsAStreamDisconnectAndTheStreamReconnects() {
        LabPath p = labPath("reset", new LabPathSettings(Impairment.NONE, Impairment.NONE.withReset(2000, 0)));
        try (ProbeHarness h = probe(p)) {
            // a cycle moves ~400 bytes back, the stream 64 per heartbeat: only the stream reaches 2000
            await().atMost(Duration.ofSeconds(30)).until(() -> h.path("reset").stream().disconnects() >= 2
                    && h.path("reset").stream().connected() && h.window("reset").streamDisconnects() >= 2);
            WindowSnapshot w = h.window("reset");
            System.out.printf("reset after 2000 bytes: %d stream disconnects, %d resets injected, cycles %d failed %d%n",
                    h.path("reset").stream().disconnects(), p.resets(), w.cycles(), w.cyclesFailed());
            assertThat(w.streamDisconnects()).isGreaterThanOrEqualTo(2);
            assertThat(w.cyclesFailed()).isZero();
            assertThat(p.resets()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aBlackholeConnectsButEveryCycleTimesOutAndNothingNeverSentCountsAsLost() {
        LabPath p = labPath("blackhole", new LabPathSettings(Impairment.NONE.withBlackhole(true), Impairment.NONE));
        ProbeSettings quick = new ProbeSettings(Duration.ofMillis(200), Duration.ofMillis(500), 5, 64,
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (ProbeHarness h = new ProbeHarness("lab", List.of(path("blackhole", "127.0.0.1", p.port(), null, quick)))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> h.window("blackhole").errors().get("timeout") >= 5);
            WindowSnapshot w = h.window("blackhole");
            System.out.printf("blackhole from the start: loss %s, connect count %d p50 %.3f ms, errors %s%n", w.lossRatio(), w.connect().count(),
                    w.connect().p50(), w.errors());
            assertThat(w.connect().count()).as("connect still succeeds").isEqualTo(w.cycles());
            assertThat(w.errors().get("timeout")).isEqualTo(w.cycles());
            // HELLO never got through, so no echo and no heartbeat was ever sent: nothing to lose
            assertThat(w.lossRatio()).isNull();
            assertThat(w.rtt().count()).isZero();
            assertThat(h.path("blackhole").stream().connected()).isFalse();
        }
    }

    @Test
    void aBlackholeUnderAnOpenStreamLosesEveryHeartbeatSentIntoItAtTheGiveUp() {
        LabPath p = labPath("blackhole", LabPathSettings.symmetric(Impairment.NONE));
        ProbeSettings settings = new ProbeSettings(Duration.ofMillis(200), Duration.ofMillis(500), 5, 64,
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1)).withStreamGiveUp(Duration.ofSeconds(3));
        try (ProbeHarness h = new ProbeHarness("lab", List.of(path("blackhole", "127.0.0.1", p.port(), null, settings)))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> h.window("blackhole").streamRtt().count() >= 20);
            p.update(new LabPathSettings(Impairment.NONE.withBlackhole(true), Impairment.NONE));
            await().atMost(Duration.ofSeconds(10)).until(() -> h.path("blackhole").stream().disconnects() >= 1);
            // the window in which the give-up decided their fate: only the heartbeats sent into the blackhole, all lost
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                WindowSnapshot last = h.path("blackhole").lastWindow();
                return last != null && last.streamDisconnects() == 1;
            });
            WindowSnapshot giveUp = h.path("blackhole").lastWindow();
            WindowSnapshot minute = h.window("blackhole");
            System.out.printf("blackhole under the stream: give-up window loss %s, disconnects %d, hang open %s; minute loss %.3f, late %d%n",
                    giveUp.lossRatio(), giveUp.streamDisconnects(), minute.hangs().open(), minute.lossRatio(), minute.late());
            assertThat(giveUp.lossRatio()).isEqualTo(1.0);
            assertThat(minute.late()).isZero();
            assertThat(minute.hangs().open()).as("the hang goes on across the reconnect attempts").isTrue();
            assertThat(minute.errors().get("timeout")).isPositive();
        }
    }

    private static Map<Long, List<Long>> byConnection(List<AppliedDelays.Chunk> chunks) {
        return chunks.stream().collect(Collectors.groupingBy(AppliedDelays.Chunk::connection, TreeMap::new,
                Collectors.mapping(AppliedDelays.Chunk::delayNanos, Collectors.toList())));
    }

    /** Pairs the k-th echo out with the k-th back, after the two HELLO frames each way. */
    private static List<Long> roundTrips(List<Long> up, List<Long> down) {
        List<Long> rtts = new ArrayList<>();
        for (int k = 2; k < Math.min(up.size(), down.size()); k++) {
            rtts.add(up.get(k) + down.get(k));
        }
        return rtts;
    }

    private static double meanRfc3550(List<Long> rtts) {
        double j = 0;
        double sum = 0;
        for (int i = 1; i < rtts.size(); i++) {
            j += (Math.abs(rtts.get(i) - rtts.get(i - 1)) - j) / 16.0;
            sum += j;
        }
        return sum / (rtts.size() - 1) / 1e6;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

}
