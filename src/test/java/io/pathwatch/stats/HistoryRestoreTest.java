package io.pathwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import io.pathwatch.testing.SuppliedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hour of sealed windows survives a restart; the time the agent was down stays a gap. */
class HistoryRestoreTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final PathSpec KEPT = new PathSpec("kept", "127.0.0.1", 7100, null, Map.of(), SETTINGS);
    private static final PathSpec GONE = new PathSpec("gone", "127.0.0.1", 7101, null, Map.of(), SETTINGS);
    private static final PathSpec NEW = new PathSpec("new", "127.0.0.1", 7102, null, Map.of(), SETTINGS);

    @TempDir
    Path dir;
    private final AtomicLong wallNanos = new AtomicLong(Instant.parse("2026-11-25T08:00:00Z").getEpochSecond() * SECOND);

    private final Clock wall = new SuppliedClock(wallNanos::get);

    /** One run of the agent: its own monotonic clock, starting anywhere. */
    private final class Run {
        final AtomicLong mono;
        final StatsRegistry registry;

        Run(long monoStart, List<PathSpec> paths) {
            mono = new AtomicLong(monoStart);
            registry = new StatsRegistry(paths, mono::get, wall, dir.resolve("history.bin"));
        }

        void seconds(int n, PathSpec path) {
            ProbeListener probe = registry.forPath(path);
            for (int s = 0; s < n; s++) {
                long rtt = 200_000_000L + s * 1000L;
                probe.cycleCompleted(new CycleOutcome(0, 1, 1, -1, List.of(new EchoSample(rtt, 0, 0, 0, rtt)), 1, 1, 0, null, null, null));
                mono.addAndGet(SECOND);
                wallNanos.addAndGet(SECOND);
                registry.harvestAll();
            }
        }
    }

    @Test
    void aPathThatJoinsAfterStartUpTakesItsKeptHistoryThen() throws Exception {
        Run before = new Run(5_000 * SECOND, List.of(KEPT, GONE));
        before.seconds(120, GONE);
        List<WindowPoint> gone = before.registry.get("gone").orElseThrow().history(Duration.ofHours(1));
        assertThat(gone).hasSize(12);
        before.registry.saveHistory();

        // discovery finds it again only after start-up; a stop before that keeps its history in the file
        wallNanos.addAndGet(60 * SECOND);
        Run early = new Run(3 * SECOND, List.of(KEPT));
        early.registry.saveHistory();
        Run after = new Run(40 * SECOND, List.of(KEPT));
        after.seconds(10, KEPT);
        after.registry.apply(List.of(KEPT, GONE));
        List<WindowPoint> back = after.registry.get("gone").orElseThrow().history(Duration.ofHours(1));
        assertThat(back).hasSize(12);
        assertThat(back.get(11).end()).isEqualTo(gone.get(11).end());
    }

    @Test
    void keptHistoryOfAPathThatNeverJoinsAgainIsDroppedOnceItIsAnHourOld() throws Exception {
        Run before = new Run(5_000 * SECOND, List.of(KEPT, GONE));
        before.seconds(60, GONE);
        before.registry.saveHistory();
        wallNanos.addAndGet(61 * 60 * SECOND);
        new Run(3 * SECOND, List.of(KEPT)).registry.saveHistory();
        Run after = new Run(7 * SECOND, List.of(KEPT));
        after.registry.apply(List.of(KEPT, GONE));
        assertThat(after.registry.get("gone").orElseThrow().history(Duration.ofHours(2))).isEmpty();
        assertThat(new HistoryStore(dir.resolve("history.bin")).load()).doesNotContainKey("gone");
    }

    @Test
    void sealedWindowsComeBackOnTheWallClockForPathsThatStillExist() throws Exception {
        Run before = new Run(5_000 * SECOND, List.of(KEPT, GONE));
        before.seconds(70 * 60, KEPT);
        List<WindowPoint> kept = before.registry.get("kept").orElseThrow().history(Duration.ofHours(1));
        assertThat(kept).hasSize(360);
        before.registry.saveHistory();
        assertThat(Files.size(dir.resolve("history.bin"))).isPositive();

        // down for 5 minutes; the new run's monotonic clock starts elsewhere
        wallNanos.addAndGet(5 * 60 * SECOND);
        Run after = new Run(17 * SECOND, List.of(KEPT, NEW));
        PathStats restored = after.registry.get("kept").orElseThrow();
        List<WindowPoint> back = restored.history(Duration.ofHours(1));
        // the windows that ended within the last hour: 55 minutes of them (ends 15:00 to 70:00 of the first run)
        assertThat(back).hasSize(331);
        assertThat(back.get(back.size() - 1).end()).isEqualTo(kept.get(kept.size() - 1).end());
        assertThat(back.get(0).start()).isEqualTo(kept.get(29).start());
        assertThat(back.get(0).window()).isEqualTo(kept.get(29).window());
        assertThat(after.registry.get("new").orElseThrow().history(Duration.ofHours(1))).isEmpty();

        after.seconds(60, KEPT);
        List<WindowPoint> now = restored.history(Duration.ofHours(1));
        // a gap of five minutes between the last window before the restart and the first after it
        WindowPoint lastBefore = now.stream().filter(p -> !p.end().isAfter(kept.get(kept.size() - 1).end())).reduce((a, b) -> b).orElseThrow();
        WindowPoint firstAfter = now.get(now.indexOf(lastBefore) + 1);
        assertThat(Duration.between(lastBefore.end(), firstAfter.start())).isEqualTo(Duration.ofMinutes(5));
        // and the hour's figures count only the time covered
        WindowSnapshot hour = restored.snapshot(Duration.ofHours(1));
        assertThat(hour.seconds()).isLessThanOrEqualTo(55 * 60);
        assertThat(hour.cycles()).isEqualTo(hour.seconds());
    }

    @Test
    void aDamagedOrTruncatedFileIsIgnoredWholeNotMisread() throws Exception {
        Run before = new Run(5_000 * SECOND, List.of(KEPT));
        before.seconds(120, KEPT);
        before.registry.saveHistory();
        Path file = dir.resolve("history.bin");
        byte[] good = Files.readAllBytes(file);
        assertThat(new Run(0, List.of(KEPT)).registry.get("kept").orElseThrow().history(Duration.ofHours(1))).hasSize(12);

        // one bit flipped inside a window's encoded samples: the checksum refuses the file
        byte[] flipped = good.clone();
        flipped[good.length - 40] ^= 0x10;
        Files.write(file, flipped);
        assertThat(new Run(0, List.of(KEPT)).registry.get("kept").orElseThrow().history(Duration.ofHours(1))).isEmpty();

        // cut short (a write torn by a crash, were it not renamed into place): ignored too
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        assertThat(new Run(0, List.of(KEPT)).registry.get("kept").orElseThrow().history(Duration.ofHours(1))).isEmpty();
    }

    @Test
    void aPathThatKeptItsNameButNowProbesAnotherTargetStartsAfresh() throws Exception {
        Run before = new Run(5_000 * SECOND, List.of(KEPT));
        before.seconds(60, KEPT);
        before.registry.saveHistory();
        PathSpec moved = new PathSpec("kept", "127.0.0.2", 7100, null, Map.of(), SETTINGS);
        assertThat(new Run(0, List.of(moved)).registry.get("kept").orElseThrow().history(Duration.ofHours(1))).isEmpty();
        assertThat(new Run(0, List.of(KEPT)).registry.get("kept").orElseThrow().history(Duration.ofHours(1))).hasSize(6);
    }

    @Test
    void aFileThatCannotBeReadIsIgnoredAndNothingIsInvented() throws Exception {
        Files.write(dir.resolve("history.bin"), new byte[] {'P', 'W', 'H', '2', 0, 0, 0, 1, 0, 0});
        Run run = new Run(0, List.of(KEPT));
        assertThat(run.registry.get("kept").orElseThrow().history(Duration.ofHours(1))).isEmpty();
        run.seconds(20, KEPT);
        assertThat(run.registry.get("kept").orElseThrow().history(Duration.ofHours(1))).hasSize(2);
    }
}
