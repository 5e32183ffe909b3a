package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallAttribution.Subject;
import io.pathwatch.path.StallCause;
import io.pathwatch.path.StallEvidence;
import io.pathwatch.testing.SuppliedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Where each stall was, as the statistics keep it: the latest hang with its latest attribution,
 * settled attributions counted by cause in the window they settle in (provisional ones never),
 * and the kernel's smoothed RTT as a figure. Driven clock, 10 s windows, one harvest a second.
 */
class StallCausesTest {

    static final long SECOND = 1_000_000_000L;
    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec PATH = new PathSpec("p", "127.0.0.1", 7100, null, Map.of(), SETTINGS);
    private static final Instant WALL_START = Instant.parse("2026-11-25T08:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final Clock wall = new SuppliedClock(() -> epochNanos(nanos.get()));
    private final StatsRegistry registry = new StatsRegistry(List.of(PATH), nanos::get, wall);
    private final PathStats stats = registry.get("p").orElseThrow();
    private final ProbeListener probe = registry.forPath(PATH);
    private final List<WindowSnapshot> sealed = new ArrayList<>();

    StallCausesTest() {
        registry.addWindowListener((s, w) -> sealed.add(w));
    }

    private static long epochNanos(long monotonic) {
        return WALL_START.getEpochSecond() * SECOND + monotonic - 1_000 * SECOND;
    }

    private void tick(int seconds) {
        for (int i = 0; i < seconds; i++) {
            nanos.addAndGet(SECOND);
            registry.harvestAll();
        }
    }

    private static StallAttribution hang(long start, long duration, boolean open, StallCause cause) {
        return new StallAttribution(Subject.HANG, start, epochNanos(start), duration, open, cause,
                "hang " + duration / 1e9 + " s: " + cause.phrase() + ".",
                List.of(new StallEvidence(StallEvidence.RESPONDER, "retransmits", 3, "count"),
                        new StallEvidence(StallEvidence.PROBER, "unacked", 0, "segments")), open ? "" : null);
    }

    private static StallAttribution cycle(long at, StallCause cause) {
        return new StallAttribution(Subject.CYCLE, at, epochNanos(at), 3 * SECOND, false, cause, "cycle timed out: " + cause.phrase(), List.of(),
                "the responder could not be reached for PEER_INFO");
    }

    @Test
    void aHangShowsNoCauseUntilOneArrivesThenTheProvisionalOneAndFinallyTheSettledOneWhichAloneCounts() {
        assertThat(stats.lastHang()).as("never hung").isNull();
        long start = nanos.get();
        probe.hangStarted(start, epochNanos(start));
        tick(2);
        LastHang fresh = stats.lastHang();
        assertThat(fresh.start()).isEqualTo(WALL_START);
        assertThat(fresh.open()).isTrue();
        assertThat(fresh.durationMs()).isEqualTo(2_000.0);
        assertThat(fresh.attribution()).isNull();

        probe.stallAttributed(hang(start, 2 * SECOND, true, StallCause.FORWARD_OR_REVERSE_LOSS));
        tick(1);
        assertThat(stats.lastHang().attribution().cause()).isEqualTo(StallCause.FORWARD_OR_REVERSE_LOSS);
        assertThat(stats.lastHang().attribution().open()).isTrue();
        assertThat(stats.snapshot(Duration.ofMinutes(1)).hangs().causes()).as("a provisional cause never counts").isEmpty();

        probe.stallAttributed(hang(start, 3 * SECOND, true, StallCause.REVERSE_LOSS));
        probe.hangEnded(start, start + 4 * SECOND);
        tick(2);
        LastHang ended = stats.lastHang();
        assertThat(ended.open()).isFalse();
        assertThat(ended.durationMs()).isEqualTo(4_000.0);
        assertThat(ended.attribution().cause()).as("the latest provisional view").isEqualTo(StallCause.REVERSE_LOSS);
        assertThat(stats.snapshot(Duration.ofMinutes(1)).hangs().causes()).isEmpty();

        StallAttribution settled = hang(start, 4 * SECOND, false, StallCause.REVERSE_LOSS);
        probe.stallAttributed(settled);
        tick(1);
        assertThat(stats.lastHang().attribution()).isEqualTo(settled);
        assertThat(stats.snapshot(Duration.ofMinutes(1)).hangs().causes()).containsExactly(Map.entry("reverse_loss", 1L));
        // a provisional view that arrives late never replaces the settled one
        probe.stallAttributed(hang(start, 4 * SECOND, true, StallCause.UNKNOWN));
        tick(1);
        assertThat(stats.lastHang().attribution()).isEqualTo(settled);
        assertThat(stats.snapshot(Duration.ofMinutes(1)).hangs().causes()).containsExactly(Map.entry("reverse_loss", 1L));
    }

    @Test
    void anAttributionOfAnOlderHangNeverOverwritesTheNewerHangsButStillCounts() {
        long first = nanos.get();
        probe.hangStarted(first, epochNanos(first));
        tick(3);
        probe.hangEnded(first, first + 3 * SECOND);
        tick(1);
        long second = nanos.get();
        probe.hangStarted(second, epochNanos(second));
        tick(1);
        // the first hang's settled cause arrives only now (it waited for the responder's view)
        probe.stallAttributed(hang(first, 3 * SECOND, false, StallCause.FORWARD_LOSS));
        tick(1);
        LastHang last = stats.lastHang();
        assertThat(last.start()).isEqualTo(Instant.ofEpochSecond(0, epochNanos(second)));
        assertThat(last.open()).isTrue();
        assertThat(last.attribution()).as("the newer hang has no cause yet").isNull();
        assertThat(stats.snapshot(Duration.ofMinutes(1)).hangs().causes()).containsExactly(Map.entry("forward_loss", 1L));

        probe.stallAttributed(hang(second, SECOND, true, StallCause.FAR_END_STALL));
        probe.stallAttributed(hang(first, 3 * SECOND, true, StallCause.UNKNOWN));
        tick(1);
        assertThat(stats.lastHang().attribution().cause()).isEqualTo(StallCause.FAR_END_STALL);
    }

    @Test
    void settledCausesCountInTheWindowTheySettleInAndSpansOfAnyLengthAddThemUp() {
        // hangs settle in windows 1, 1, 3 and 7; cycles in windows 2 and 7; ten 10 s windows in all
        long t = nanos.get();
        tick(3);
        probe.stallAttributed(hang(t, SECOND, false, StallCause.FORWARD_LOSS));
        probe.stallAttributed(hang(t + 1, SECOND, false, StallCause.FORWARD_LOSS));
        tick(10);
        probe.stallAttributed(cycle(nanos.get(), StallCause.RESET));
        tick(10);
        probe.stallAttributed(hang(t + 2, SECOND, false, StallCause.LOCAL_OVERLOAD));
        probe.stallAttributed(hang(t + 3, SECOND, true, StallCause.REVERSE_LOSS));
        tick(40);
        probe.stallAttributed(hang(t + 4, SECOND, false, StallCause.FORWARD_LOSS));
        probe.stallAttributed(cycle(nanos.get(), StallCause.FAR_END_STALL));
        probe.stallAttributed(cycle(nanos.get(), StallCause.FAR_END_STALL));
        tick(37);
        assertThat(sealed).hasSize(10);

        List<Map<String, Long>> hangs = sealed.stream().map(w -> w.hangs().causes()).toList();
        assertThat(hangs.get(0)).containsExactly(Map.entry("forward_loss", 2L));
        assertThat(hangs.get(1)).isEmpty();
        assertThat(hangs.get(2)).as("the provisional one is not there").containsExactly(Map.entry("local_overload", 1L));
        assertThat(hangs.get(6)).containsExactly(Map.entry("forward_loss", 1L));
        assertThat(sealed.get(1).cycleCauses()).containsExactly(Map.entry("reset", 1L));
        assertThat(sealed.get(6).cycleCauses()).containsExactly(Map.entry("far_end_stall", 2L));
        assertThat(sealed.get(6).hangs().count()).as("attributions are not hangs").isZero();

        WindowSnapshot hour = stats.snapshot(Duration.ofHours(1));
        assertThat(hour.hangs().causes()).as("in cause order").containsExactly(Map.entry("forward_loss", 3L), Map.entry("local_overload", 1L));
        assertThat(hour.cycleCauses()).containsExactly(Map.entry("far_end_stall", 2L), Map.entry("reset", 1L));
        // the last minute holds windows 5..10 (and the open one): the late forward_loss and far_end_stall only
        WindowSnapshot minute = stats.snapshot(Duration.ofMinutes(1));
        assertThat(minute.hangs().causes()).containsExactly(Map.entry("forward_loss", 1L));
        assertThat(minute.cycleCauses()).containsExactly(Map.entry("far_end_stall", 2L));
        // and each history point carries its own window's causes
        assertThat(stats.history(Duration.ofHours(1)).stream().map(p -> p.window().hangs().causes()).toList()).isEqualTo(hangs);
    }

    @Test
    void theKernelsSmoothedRttIsAFigureOfItsOwnBesideTheApplicationsRtt() {
        for (int s = 0; s < 20; s++) {
            probe.kernelRtt((200 + s % 2) * 1_000_000L);
            tick(1);
        }
        assertThat(sealed).hasSize(2);
        assertThat(sealed.get(0).kernelRtt().count()).isEqualTo(10);
        // kept to the 0.1 % of the buckets, like every latency figure
        assertThat(sealed.get(0).kernelRtt().p50()).isCloseTo(200.0, within(0.2));
        assertThat(sealed.get(0).kernelRtt().max()).isCloseTo(201.0, within(0.2));
        assertThat(sealed.get(0).rtt().count()).as("not mixed into the application's RTT").isZero();
        assertThat(stats.last().kernelRtt().count()).isEqualTo(10);
        WindowSnapshot both = stats.snapshot(Duration.ofMinutes(1));
        assertThat(both.kernelRtt().count()).isEqualTo(20);
        assertThat(both.kernelRtt().min()).isCloseTo(200.0, within(0.2));
    }

    @Test
    void everyCauseHasItsCounters() {
        for (StallCause c : StallCause.values()) {
            assertThat(Count.hangCause(c).name()).isEqualTo("HANG_CAUSE_" + c.name());
            assertThat(Count.cycleCause(c).name()).isEqualTo("CYCLE_CAUSE_" + c.name());
            assertThat(Count.hangCause(c).merge).isEqualTo(Count.Merge.SUM);
        }
    }
}
