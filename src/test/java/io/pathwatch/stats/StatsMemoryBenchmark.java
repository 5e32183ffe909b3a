package io.pathwatch.stats;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap one path's statistics hold once the ring is full: an hour of 10 s windows, each with the
 * figures of a busy ~205 ms path (1 cycle of 5 echoes, 10 heartbeats a second), driven by a
 * simulated clock. Baseline: the same number of paths with empty statistics, in the same run.
 */
public final class StatsMemoryBenchmark {

    public static void main(String[] args) {
        int paths = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        ProbeSettings settings = new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, 64,
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
        List<PathSpec> specs = new ArrayList<>();
        for (int i = 0; i < paths; i++) {
            specs.add(new PathSpec("path-" + i, "10.0.0.1", 7100, null, Map.of(), settings));
        }
        AtomicLong nanos = new AtomicLong();
        // one-time costs (class loading, logging, JIT) happen here, outside the measurement
        simulate(new StatsRegistry(specs.subList(0, 1), nanos::get, Clock.systemUTC()), nanos, 120);
        long before = usedHeap();
        StatsRegistry registry = new StatsRegistry(specs, nanos::get, Clock.systemUTC());
        long empty = usedHeap();
        simulate(registry, nanos, 3600);
        long full = usedHeap();
        PathStats one = registry.all().iterator().next();
        long windowBytes = one.sealedWindows().stream().mapToLong(SealedWindow::storedBytes).sum();
        System.out.printf("statistics of %d paths: empty %.1f KiB/path, after 1 h of 10 s windows %.1f KiB/path "
                        + "(%d windows kept, %.0f bytes of figures each; %d rtt samples/h)%n",
                paths, (empty - before) / 1024.0 / paths, (full - before) / 1024.0 / paths,
                one.sealedWindows().size(), windowBytes / (double) one.sealedWindows().size(),
                one.snapshot(Duration.ofHours(1)).rtt().count());
        System.out.printf("baseline: one non-packed HdrHistogram of the same range (1 us..60 s, 3 digits) is %.1f KiB%n",
                new org.HdrHistogram.Histogram(1, 60_000_000L, 3).getEstimatedFootprintInBytes() / 1024.0);
        if (registry.all().isEmpty()) {
            throw new IllegalStateException("keep the registry reachable until measured");
        }
    }

    private static void simulate(StatsRegistry registry, AtomicLong nanos, int seconds) {
        Random random = new Random(1);
        long second = TimeUnit.SECONDS.toNanos(1);
        for (int s = 0; s < seconds; s++) {
            for (PathStats stats : registry.all()) {
                ProbeListener p = stats.recorder();
                List<EchoSample> echoes = new ArrayList<>(5);
                for (int e = 0; e < 5; e++) {
                    long rtt = 205_000_000L + (long) (random.nextGaussian() * 400_000);
                    echoes.add(new EchoSample(rtt, 0, 102_000_000, 102_050_000, rtt));
                }
                p.cycleCompleted(new CycleOutcome(random.nextInt(300_000), 40_000, 204_000_000L + random.nextInt(900_000), -1,
                        echoes, 5, 5, 0, null, null, null));
                for (int h = 0; h < 10; h++) {
                    p.heartbeatTick(random.nextInt(500_000), true);
                    long rtt = 205_000_000L + (long) (random.nextGaussian() * 400_000);
                    p.heartbeatEchoed(rtt, rtt - random.nextInt(300_000), false, false);
                }
            }
            nanos.addAndGet(second);
            registry.harvestAll();
        }
    }

    static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
