package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Phase;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.testing.SuppliedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Statistics checked against a reference computation on the same samples, with a driven clock. */
class PathStatsTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec PATH = new PathSpec("p", "127.0.0.1", 7100, null, Map.of(), SETTINGS);

    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final Instant wallStart = Instant.parse("2026-11-25T08:00:00Z");
    private final Clock wall = new SuppliedClock(() -> wallStart.getEpochSecond() * SECOND + wallStart.getNano() + nanos.get() - 1_000 * SECOND);
    private final StatsRegistry registry = new StatsRegistry(List.of(PATH), nanos::get, wall);
    private final PathStats stats = registry.get("p").orElseThrow();
    private final ProbeListener probe = registry.forPath(PATH);
    private final Random random = new Random(42);

    /** Runs {@code seconds} of simulated time, one harvest a second, feeding a cycle each second. */
    private List<Long> runCycles(int seconds, List<Long> rttsMicros) {
        for (int s = 0; s < seconds; s++) {
            List<EchoSample> echoes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long rttMicros = 200_000 + (long) (Math.abs(random.nextGaussian()) * 5_000) + random.nextInt(50_000) * (random.nextInt(100) == 0 ? 1 : 0);
                rttsMicros.add(rttMicros);
                long t1 = 1_764_057_600_000_000_000L + s * SECOND;
                echoes.add(new EchoSample(rttMicros * 1000, t1, t1 + 102_000_000, t1 + 102_050_000, t1 + rttMicros * 1000));
            }
            probe.cycleCompleted(new CycleOutcome(0, 50_000, 204_000_000, -1, echoes, 5, 5, 0, null, null, null));
            tick();
        }
        return rttsMicros;
    }

    private void tick() {
        nanos.addAndGet(SECOND);
        registry.harvestAll();
    }

    @Test
    void consecutiveWindowsAddUpToTheWholeAndEveryPercentileIsHdrHistogramsOnTheSameSamples() {
        List<Long> rtts = runCycles(60, new ArrayList<>());
        List<SealedWindow> windows = stats.sealedWindows();
        assertThat(windows).hasSize(6);

        Samples sum = Samples.EMPTY;
        for (SealedWindow w : windows) {
            sum = sum.plus(w.samples(Figure.RTT));
        }
        Samples whole = Samples.ofMicros(rtts.stream().mapToLong(Long::longValue).toArray());
        assertThat(sum).isEqualTo(whole);
        assertThat(windows.stream().mapToLong(w -> w.counts()[Count.CYCLES.ordinal()]).sum()).isEqualTo(60);

        Histogram reference = new Histogram(1, Interval.HIGHEST_MICROS, 3);
        rtts.forEach(reference::recordValue);
        WindowSnapshot minute = stats.snapshot(Duration.ofMinutes(1));
        assertThat(minute.rtt().count()).isEqualTo(300);
        assertThat(minute.cycles()).isEqualTo(60);
        assertThat(minute.seconds()).isEqualTo(60);
        assertThat(minute.rtt().min()).isEqualTo(reference.getMinValue() / 1000.0);
        assertThat(minute.rtt().p10()).isEqualTo(reference.getValueAtPercentile(10) / 1000.0);
        assertThat(minute.rtt().p25()).isEqualTo(reference.getValueAtPercentile(25) / 1000.0);
        assertThat(minute.rtt().p50()).isEqualTo(reference.getValueAtPercentile(50) / 1000.0);
        assertThat(minute.rtt().p75()).isEqualTo(reference.getValueAtPercentile(75) / 1000.0);
        assertThat(minute.rtt().p90()).isEqualTo(reference.getValueAtPercentile(90) / 1000.0);
        assertThat(minute.rtt().p99()).isEqualTo(reference.getValueAtPercentile(99) / 1000.0);
        assertThat(minute.rtt().p999()).isEqualTo(reference.getValueAtPercentile(99.9) / 1000.0);
        assertThat(minute.rtt().max()).isEqualTo(reference.getMaxValue() / 1000.0);
        // and within HdrHistogram's 0.1 % of the exact nearest-rank values
        long[] sorted = rtts.stream().mapToLong(Long::longValue).sorted().toArray();
        assertPercentile(minute.rtt().p50(), sorted, 50);
        assertPercentile(minute.rtt().p99(), sorted, 99);
        assertThat(minute.spreadMs()).isEqualTo(minute.rtt().p99() - minute.rtt().p50());
    }

    private static void assertPercentile(double reportedMs, long[] sortedMicros, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sortedMicros.length);
        double exactMs = sortedMicros[Math.max(0, rank - 1)] / 1000.0;
        assertThat(reportedMs).as("p%s", percentile).isCloseTo(exactMs, within(exactMs * 0.001 + 0.001));
    }

    @Test
    void theOpenWindowIsPartOfEveryQueryAndTheLastSealedOneIsSummarisedOnce() {
        runCycles(12, new ArrayList<>());
        WindowSnapshot last = stats.lastWindow();
        assertThat(last).isSameAs(stats.lastWindow());
        assertThat(last.cycles()).isEqualTo(10);
        assertThat(stats.last().rtt().count()).isEqualTo(50);
        assertThat(stats.snapshot(Duration.ofMinutes(1)).cycles()).isEqualTo(12);
        // a report not yet harvested is not seen: queries never drain the recorder
        probe.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(), 5, 0, 0, FailureKind.REFUSED, Phase.CONNECT, "r"));
        assertThat(stats.snapshot(Duration.ofMinutes(1)).cycles()).isEqualTo(12);
        tick();
        assertThat(stats.snapshot(Duration.ofMinutes(1)).cycles()).isEqualTo(13);
    }

    @Test
    void aWindowQueryCoversAtMostItsSpan() {
        runCycles(95, new ArrayList<>());
        WindowSnapshot minute = stats.snapshot(Duration.ofMinutes(1));
        assertThat(minute.seconds()).isBetween(50L, 60L);
        assertThat(minute.cycles()).isEqualTo(minute.seconds());
        WindowSnapshot hour = stats.snapshot(Duration.ofHours(1));
        assertThat(hour.cycles()).isEqualTo(95);
    }

    @Test
    void jitterIsTheRfc3550EstimatorOverRttsFromTheActualSendTime() {
        long[] sentRtts = new long[200];
        double j = 0;
        double sumJ = 0;
        for (int i = 0; i < sentRtts.length; i++) {
            sentRtts[i] = 200_000_000L + (long) (random.nextGaussian() * 2_000_000);
            // the intended-time RTT carries up to 3 ms of the prober's own timer lateness, which is not jitter
            probe.heartbeatEchoed(sentRtts[i] + random.nextInt(3_000_000), sentRtts[i], false, false);
            if (i > 0) {
                j += (Math.abs(sentRtts[i] - sentRtts[i - 1]) - j) / 16.0;
                sumJ += Math.round(j);
            }
        }
        tick();
        double expectedMs = sumJ / (sentRtts.length - 1) / 1e6;
        assertThat(stats.snapshot(Duration.ofMinutes(1)).jitterMs()).isCloseTo(expectedMs, within(1e-9));
    }

    @Test
    void lateEchoesAndTheBurstThatEndsAHangAreNotJitterButKeepTheirTrueRtt() {
        for (int i = 0; i < 20; i++) {
            probe.heartbeatEchoed(100_000_000, 100_000_000, false, false);
        }
        // a 3 s stall: the burst that ends it arrives at once, RTTs falling 100 ms apart, the first of them late
        probe.heartbeatEchoed(4_000_000_000L, 4_000_000_000L, true, true);
        for (int i = 1; i < 30; i++) {
            probe.heartbeatEchoed(3_000_000_000L - i * 100_000_000L, 3_000_000_000L - i * 100_000_000L, false, true);
        }
        for (int i = 0; i < 20; i++) {
            probe.heartbeatEchoed(100_000_000, 100_000_000, false, false);
        }
        tick();
        WindowSnapshot w = stats.snapshot(Duration.ofMinutes(1));
        assertThat(w.jitterMs()).isEqualTo(0.0);
        assertThat(w.late()).isEqualTo(1);
        assertThat(w.streamRtt().count()).isEqualTo(70);
        assertThat(w.streamRtt().max()).isCloseTo(4000.0, within(4.0));
        assertThat(w.lossRatio()).isEqualTo(0.0);
    }

    @Test
    void lossAndLatenessCountInTheWindowThatDecidedThemSoTheRatioNeverExceedsOne() {
        // window 1: 100 heartbeats sent, 60 answered; 40 are still outstanding when it seals
        for (int i = 0; i < 100; i++) {
            probe.heartbeatTick(10_000, true);
        }
        for (int i = 0; i < 60; i++) {
            probe.heartbeatEchoed(100_000_000, 100_000_000, false, false);
        }
        for (int s = 0; s < 10; s++) {
            tick();
        }
        WindowSnapshot first = stats.lastWindow();
        assertThat(first.lossRatio()).isEqualTo(0.0);
        // window 2: nothing more is sent, the 40 are given up with their connection
        probe.heartbeatsLost(40);
        for (int s = 0; s < 10; s++) {
            tick();
        }
        WindowSnapshot second = stats.lastWindow();
        assertThat(second.lossRatio()).as("40 decided, 40 lost").isEqualTo(1.0);
        assertThat(stats.snapshot(Duration.ofMinutes(1)).lossRatio()).isEqualTo(0.4);
        // a tick that could not write is neither sent nor lost
        probe.heartbeatTick(10_000, false);
        tick();
        assertThat(stats.snapshot(Duration.ofMinutes(1)).lossRatio()).isEqualTo(0.4);
    }

    @Test
    void echoesLostAreThoseSentAndNotAnsweredNeverThoseNeverSent() {
        EchoSample e = new EchoSample(1_000_000, 0, 0, 0, 1_000_000);
        // timed out waiting for the 3rd of 5: 3 sent, 2 back, 1 lost; the other 2 were never sent
        probe.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(e, e), 5, 3, 1, FailureKind.TIMEOUT, Phase.ECHO, "t"));
        // HELLO timed out: connected, nothing sent, nothing lost
        probe.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(), 5, 0, 0, FailureKind.TIMEOUT, Phase.HELLO, "h"));
        probe.cycleCompleted(new CycleOutcome(0, 1, -1, -1, List.of(), 5, 0, 0, FailureKind.REFUSED, Phase.CONNECT, "r"));
        for (int i = 0; i < 90; i++) {
            probe.heartbeatTick(10_000, true);
        }
        for (int i = 0; i < 81; i++) {
            probe.heartbeatEchoed(1_000_000, 1_000_000, false, false);
        }
        probe.heartbeatsLost(9);
        tick();
        WindowSnapshot w = stats.snapshot(Duration.ofMinutes(1));
        assertThat(w.lossRatio()).isEqualTo((9 + 1) / (90.0 + 3));
        assertThat(w.errors()).containsEntry("timeout", 2L).containsEntry("refused", 1L).containsEntry("reset", 0L);
        assertThat(w.cyclesFailed()).isEqualTo(3);
    }

    @Test
    void anOpenHangCountsInEveryWindowItSpansByThePartThatFallsInIt() {
        HangSummary[] perWindow = new HangSummary[5];
        // a hang detected 2 s into a window (its start half a second earlier), lasting 35 s
        tick();
        tick();
        long start = nanos.get() - SECOND / 2;
        probe.hangStarted(start, 0);
        List<WindowSnapshot> sealed = new ArrayList<>();
        registry.addWindowListener((s, w) -> sealed.add(w));
        for (int s = 0; s < 55; s++) {
            if (nanos.get() - start >= 35 * SECOND && stats.openHangSince() != null) {
                probe.hangEnded(start, start + 35 * SECOND);
            }
            if (s == 20) {
                HangSummary live = stats.snapshot(Duration.ofMinutes(1)).hangs();
                assertThat(live.open()).isTrue();
                assertThat(live.count()).isEqualTo(1);
                assertThat(live.longestMs()).isCloseTo((nanos.get() - start) / 1e6, within(1.0));
                assertThat(stats.openHangSeconds()).isCloseTo((nanos.get() - start) / 1e9, within(0.001));
            }
            tick();
        }
        for (int i = 0; i < 5; i++) {
            perWindow[i] = sealed.get(i).hangs();
        }
        // window 1 (0..10 s): the hang's first 8.5 s; windows 2 and 3: 10 s each; window 4: the last 6.5 s
        assertThat(perWindow[0].started()).isEqualTo(1);
        assertThat(perWindow[0].totalMs()).isEqualTo(8_500.0);
        assertThat(perWindow[0].longestMs()).isEqualTo(8_500.0);
        assertThat(perWindow[1].started()).isZero();
        assertThat(perWindow[1].count()).as("carried over: a hang in this window").isEqualTo(1);
        assertThat(perWindow[1].totalMs()).isEqualTo(10_000.0);
        assertThat(perWindow[1].longestMs()).as("so far").isEqualTo(18_500.0);
        assertThat(perWindow[2].totalMs()).isEqualTo(10_000.0);
        assertThat(perWindow[3].totalMs()).isEqualTo(6_500.0);
        assertThat(perWindow[3].longestMs()).isEqualTo(35_000.0);
        assertThat(perWindow[4].count()).isZero();
        assertThat(perWindow[4].totalMs()).isZero();
        double total = 0;
        for (HangSummary h : perWindow) {
            total += h.totalMs();
        }
        assertThat(total).isEqualTo(35_000.0);
        HangSummary hour = stats.snapshot(Duration.ofHours(1)).hangs();
        assertThat(hour).isEqualTo(new HangSummary(1, 1, 35_000.0, 35_000.0, false));
    }

    @Test
    void aHangThatEndedSinceTheLastHarvestIsSeenAtOnceWithItsWholeDuration() {
        long start = nanos.get();
        probe.hangStarted(start, 0);
        tick();
        tick();
        probe.hangEnded(start, start + 2_500_000_000L);
        HangSummary h = stats.snapshot(Duration.ofMinutes(1)).hangs();
        assertThat(h).isEqualTo(new HangSummary(1, 1, 2_500.0, 2_500.0, false));
    }

    @Test
    void aWindowInWhichTheProberLaggedIsNotTrusted() {
        for (int i = 0; i < 100; i++) {
            probe.heartbeatTick(200_000, true);
        }
        for (int s = 0; s < 10; s++) {
            tick();
        }
        assertThat(stats.lastWindow().measurement()).isEqualTo(new Measurement(0.2, true, 0));
        for (int i = 0; i < 100; i++) {
            probe.heartbeatTick(i < 90 ? 200_000 : 80_000_000, true);
        }
        for (int s = 0; s < 10; s++) {
            tick();
        }
        Measurement lagged = stats.lastWindow().measurement();
        assertThat(lagged.trusted()).isFalse();
        assertThat(lagged.selfLagP99Ms()).isCloseTo(80.0, within(0.08));
        Measurement minute = stats.snapshot(Duration.ofMinutes(1)).measurement();
        assertThat(minute.untrustedWindows()).isEqualTo(1);
        assertThat(minute.trusted()).isFalse();
    }

    @Test
    void oneWayIsTheMeanSplitAndTheClockErrorComesFromTheFastestExchange() {
        // forward 100 ms and reverse 104 ms on clocks that agree; the fastest exchange is symmetric
        long t1 = 1_764_057_600_000_000_000L;
        EchoSample slow = new EchoSample(204_000_000, t1, t1 + 100_000_000, t1 + 100_000_000, t1 + 204_000_000);
        EchoSample fast = new EchoSample(200_000_000, t1, t1 + 100_000_000, t1 + 100_000_000, t1 + 200_000_000);
        probe.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(slow, fast), 2, 2, 0, null, null, null));
        tick();
        OneWay w = stats.snapshot(Duration.ofMinutes(1)).oneWay();
        assertThat(w.forwardMs()).isEqualTo(100.0);
        assertThat(w.reverseMs()).isEqualTo(102.0);
        assertThat(w.clockErrorMs()).isEqualTo(0.0);

        // the responder's clock runs 5 ms ahead: the fastest exchange shows it
        long skew = 5_000_000;
        EchoSample skewed = new EchoSample(200_000_000, t1, t1 + 100_000_000 + skew, t1 + 100_000_000 + skew, t1 + 200_000_000);
        probe.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(skewed), 1, 1, 0, null, null, null));
        nanos.addAndGet(10 * SECOND);
        registry.harvestAll();
        probe.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(new EchoSample(199_000_000, t1, t1 + 99_500_000 + skew,
                t1 + 99_500_000 + skew, t1 + 199_000_000)), 1, 1, 0, null, null, null));
        tick();
        assertThat(stats.snapshot(Duration.ofMinutes(1)).oneWay().clockErrorMs()).isEqualTo(5.0);
    }

    @Test
    void streamStateCountsDisconnects() {
        probe.streamConnected(1);
        assertThat(stats.stream().connected()).isTrue();
        probe.streamDisconnected(2, FailureKind.RESET);
        probe.streamConnected(3);
        probe.streamDisconnected(4, FailureKind.RESET);
        assertThat(stats.stream()).satisfies(s -> {
            assertThat(s.connected()).isFalse();
            assertThat(s.disconnects()).isEqualTo(2);
        });
        tick();
        assertThat(stats.snapshot(Duration.ofMinutes(1)).streamDisconnects()).isEqualTo(2);
    }

    @Test
    void valuesAboveTheHighestTrackableAreKeptAtTheCeiling() {
        probe.heartbeatEchoed(TimeUnit.MINUTES.toNanos(5), TimeUnit.MINUTES.toNanos(5), true, true);
        tick();
        assertThat(stats.snapshot(Duration.ofMinutes(1)).streamRtt().max()).isCloseTo(60_000.0, within(60.0));
    }
}
