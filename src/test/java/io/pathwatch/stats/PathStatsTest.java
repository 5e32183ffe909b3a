package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.Phase;
import io.pathwatch.path.ProbeSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

/** Statistics checked against a reference computation on the same samples, with a driven clock. */
class PathStatsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec PATH = new PathSpec("p", "127.0.0.1", 7100, null, Map.of(), SETTINGS);

    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final Instant wallStart = Instant.parse("2026-11-25T08:00:00Z");
    private final StatsRegistry registry = new StatsRegistry(List.of(PATH), nanos::get, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return wallStart.plusNanos(nanos.get() - 1_000 * SECOND);
        }
    });
    private final PathStats stats = registry.get("p").orElseThrow();
    private final Random random = new Random(42);

    /** Runs {@code seconds} of simulated time, one harvest a second, feeding cycles as it goes. */
    private List<Long> runCycles(int seconds, List<Long> rttsMicros) {
        for (int s = 0; s < seconds; s++) {
            List<EchoSample> echoes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long rttMicros = 200_000 + (long) (Math.abs(random.nextGaussian()) * 5_000) + random.nextInt(50_000) * (random.nextInt(100) == 0 ? 1 : 0);
                rttsMicros.add(rttMicros);
                long t1 = 1_764_057_600_000_000_000L + s * SECOND;
                echoes.add(new EchoSample(rttMicros * 1000, t1, t1 + 102_000_000, t1 + 102_050_000, t1 + rttMicros * 1000));
            }
            stats.cycleCompleted(new CycleOutcome(0, 50_000, 204_000_000, -1, echoes, 5, 0, null, null, null));
            nanos.addAndGet(SECOND);
            registry.harvestAll();
        }
        return rttsMicros;
    }

    @Test
    void consecutiveWindowsAddUpToTheWholeAndPercentilesMatchTheReference() {
        List<Long> rtts = runCycles(60, new ArrayList<>());
        List<SealedWindow> windows = stats.sealedWindows();
        assertThat(windows).hasSize(6);

        Histogram sum = new PackedHistogram(IntervalData.DIGITS);
        windows.forEach(w -> sum.add(w.expanded().recorded(Figure.RTT)));
        Histogram whole = new PackedHistogram(IntervalData.DIGITS);
        rtts.forEach(whole::recordValue);
        assertThat(sum).isEqualTo(whole);
        assertThat(windows.stream().mapToLong(w -> w.expanded().get(Count.CYCLES)).sum()).isEqualTo(60);

        long[] sorted = rtts.stream().mapToLong(Long::longValue).sorted().toArray();
        WindowSnapshot minute = stats.snapshot(Duration.ofMinutes(1));
        assertThat(minute.rtt().count()).isEqualTo(300);
        assertThat(minute.cycles()).isEqualTo(60);
        assertThat(minute.seconds()).isEqualTo(60);
        assertPercentile(minute.rtt().p50(), sorted, 50);
        assertPercentile(minute.rtt().p90(), sorted, 90);
        assertPercentile(minute.rtt().p99(), sorted, 99);
        assertPercentile(minute.rtt().p999(), sorted, 99.9);
        assertThat(minute.rtt().min()).isCloseTo(sorted[0] / 1000.0, within(sorted[0] / 1000.0 * 0.001));
        assertThat(minute.rtt().max()).isCloseTo(sorted[sorted.length - 1] / 1000.0, within(sorted[sorted.length - 1] / 1000.0 * 0.001));
        assertThat(minute.spreadMs()).isEqualTo(minute.rtt().p99() - minute.rtt().p50());
    }

    private static void assertPercentile(double reportedMs, long[] sortedMicros, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sortedMicros.length);
        double exactMs = sortedMicros[Math.max(0, rank - 1)] / 1000.0;
        assertThat(reportedMs).as("p%s", percentile).isCloseTo(exactMs, within(exactMs * 0.001 + 0.001));
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
    void jitterIsTheRfc3550EstimatorAveragedOverTheWindow() {
        long[] rtts = new long[200];
        double j = 0;
        double sumJ = 0;
        for (int i = 0; i < rtts.length; i++) {
            rtts[i] = 200_000_000L + (long) (random.nextGaussian() * 2_000_000);
            stats.streamEcho(rtts[i]);
            if (i > 0) {
                j += (Math.abs(rtts[i] - rtts[i - 1]) - j) / 16.0;
                sumJ += Math.round(j);
            }
        }
        nanos.addAndGet(SECOND);
        registry.harvestAll();
        double expectedMs = sumJ / (rtts.length - 1) / 1e6;
        assertThat(stats.snapshot(Duration.ofMinutes(1)).jitterMs()).isCloseTo(expectedMs, within(1e-9));
    }

    @Test
    void lossCountsLostEchoesAndHeartbeatsAgainstWhatWasSent() {
        for (int i = 0; i < 90; i++) {
            stats.heartbeatSent();
        }
        stats.heartbeatsLost(9);
        // a connected cycle that timed out after 2 of 5 echoes lost 3
        EchoSample e = new EchoSample(1_000_000, 0, 0, 0, 1_000_000);
        stats.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(e, e), 5, 3, FailureKind.TIMEOUT, Phase.ECHO, "t"));
        // a refused cycle sent nothing, so it lost nothing
        stats.cycleCompleted(new CycleOutcome(0, 1, -1, -1, List.of(), 5, 0, FailureKind.REFUSED, Phase.CONNECT, "r"));
        WindowSnapshot w = stats.snapshot(Duration.ofMinutes(1));
        assertThat(w.lossRatio()).isEqualTo((9 + 3) / (90.0 + 5));
        assertThat(w.errors()).containsEntry("timeout", 1L).containsEntry("refused", 1L).containsEntry("reset", 0L);
        assertThat(w.cyclesFailed()).isEqualTo(2);
    }

    @Test
    void hangsAreCountedWithLongestAndTotalAndTheOpenOneIsLive() {
        long start = wallEpochNanos();
        stats.hangStarted(start);
        nanos.addAndGet(3 * SECOND);
        HangSummary open = stats.snapshot(Duration.ofMinutes(1)).hangs();
        assertThat(open.open()).isTrue();
        assertThat(open.count()).isEqualTo(1);
        assertThat(open.longestMs()).isEqualTo(3000.0);
        stats.hangEnded(start, 3_200_000_000L);
        stats.hangStarted(wallEpochNanos());
        stats.hangEnded(wallEpochNanos(), 1_500_000_000L);
        HangSummary closed = stats.snapshot(Duration.ofMinutes(1)).hangs();
        assertThat(closed).isEqualTo(new HangSummary(2, 3200.0, 4700.0, false));
    }

    @Test
    void oneWayIsTheMeanSplitAndTheClockErrorComesFromTheFastestExchange() {
        // forward 100 ms and reverse 104 ms on clocks that agree; the fastest exchange is symmetric
        long t1 = 1_764_057_600_000_000_000L;
        EchoSample slow = new EchoSample(204_000_000, t1, t1 + 100_000_000, t1 + 100_000_000, t1 + 204_000_000);
        EchoSample fast = new EchoSample(200_000_000, t1, t1 + 100_000_000, t1 + 100_000_000, t1 + 200_000_000);
        stats.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(slow, fast), 2, 0, null, null, null));
        OneWay w = stats.snapshot(Duration.ofMinutes(1)).oneWay();
        assertThat(w.forwardMs()).isEqualTo(100.0);
        assertThat(w.reverseMs()).isEqualTo(102.0);
        assertThat(w.clockErrorMs()).isEqualTo(0.0);

        // the responder's clock runs 5 ms ahead: the fastest exchange shows it
        long skew = 5_000_000;
        EchoSample skewed = new EchoSample(200_000_000, t1, t1 + 100_000_000 + skew, t1 + 100_000_000 + skew, t1 + 200_000_000);
        stats.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(skewed), 1, 0, null, null, null));
        nanos.addAndGet(11 * SECOND);
        registry.harvestAll();
        stats.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(new EchoSample(199_000_000, t1, t1 + 99_500_000 + skew,
                t1 + 99_500_000 + skew, t1 + 199_000_000)), 1, 0, null, null, null));
        assertThat(stats.snapshot(Duration.ofMinutes(1)).oneWay().clockErrorMs()).isEqualTo(5.0);
    }

    @Test
    void streamStateCountsDisconnects() {
        stats.streamConnected(wallEpochNanos());
        assertThat(stats.stream().connected()).isTrue();
        stats.streamDisconnected(wallEpochNanos(), FailureKind.RESET);
        stats.streamConnected(wallEpochNanos());
        stats.streamDisconnected(wallEpochNanos(), FailureKind.RESET);
        assertThat(stats.stream()).satisfies(s -> {
            assertThat(s.connected()).isFalse();
            assertThat(s.disconnects()).isEqualTo(2);
        });
        assertThat(stats.snapshot(Duration.ofMinutes(1)).streamDisconnects()).isEqualTo(2);
    }

    @Test
    void valuesAboveTheHighestTrackableAreKeptAtTheCeiling() {
        stats.streamEcho(TimeUnit.MINUTES.toNanos(5));
        assertThat(stats.snapshot(Duration.ofMinutes(1)).streamRtt().max()).isCloseTo(60_000.0, within(60.0));
    }

    private long wallEpochNanos() {
        Instant now = wallStart.plusNanos(nanos.get() - 1_000 * SECOND);
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
