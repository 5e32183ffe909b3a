package io.pathwatch.bench;

import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowSnapshot;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many paths on one agent, all to a responder in the same process on loopback, with the default
 * probe settings (a cycle of 5 echoes a second and a heartbeat every 100 ms per path): heap per
 * live path (its stream connection, schedule and young statistics) against the same process
 * before probing, and how well the schedule holds (lag p99, skipped cycles, failures).
 * {@code INTERVAL_MS} and {@code HEARTBEAT_MS} change the cycle interval and the heartbeat (the
 * moonshot: {@code INTERVAL_MS=10000 HEARTBEAT_MS=1000 bench/run.sh path-scale 10000 60}); the
 * hang threshold is then the larger of 1 s and three heartbeats.
 */
public final class PathScaleBenchmark {

    public static void main(String[] args) throws Exception {
        int paths = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        ResponderServer responder = new ResponderServer(new ResponderProperties(true, "127.0.0.1", 0, 16384, paths * 4, 1024, Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1000, 1, new ResponderTlsProperties(false, "", "", "PKCS12"),
                ResponderProperties.ProxyProtocol.OFF, java.util.List.of()), "bench");
        responder.start();
        Duration interval = Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("INTERVAL_MS", "1000")));
        Duration heartbeat = Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("HEARTBEAT_MS", "100")));
        Duration hangThreshold = heartbeat.multipliedBy(3).compareTo(Duration.ofSeconds(1)) > 0 ? heartbeat.multipliedBy(3) : Duration.ofSeconds(1);
        ProbeSettings settings = new ProbeSettings(interval, Duration.ofSeconds(3), 5, 64, heartbeat, hangThreshold, Duration.ofSeconds(10))
                .withStreamGiveUp(Duration.ofSeconds(10).compareTo(hangThreshold) > 0 ? Duration.ofSeconds(10) : hangThreshold.multipliedBy(2));
        List<PathSpec> specs = new ArrayList<>();
        for (int i = 0; i < paths; i++) {
            specs.add(new PathSpec("path-" + i, "127.0.0.1", responder.port(), null, Map.of(), settings));
        }
        long before = usedHeap();
        StatsRegistry stats = new StatsRegistry(specs);
        ProbeScheduler scheduler = new ProbeScheduler(new ProbeClient("bench", "bench", Runtime.getRuntime().availableProcessors(), specs), specs, stats);
        stats.start();
        scheduler.start();
        try {
            Thread.sleep(seconds * 1000L);
            double lagP99 = 0;
            long cycles = 0;
            long failed = 0;
            long skipped = 0;
            int connected = 0;
            for (PathStats p : stats.all()) {
                WindowSnapshot last = p.lastWindow();
                lagP99 = Math.max(lagP99, last == null || last.scheduleLag().p99() == null ? 0 : last.scheduleLag().p99());
                WindowSnapshot w = p.snapshot(Duration.ofMinutes(1));
                cycles += w.cycles();
                failed += w.cyclesFailed();
                skipped += w.cyclesSkipped();
                connected += p.stream().connected() ? 1 : 0;
            }
            long running = usedHeap();
            System.out.printf("%d paths (a cycle every %s, a heartbeat every %s) for %d s on %d CPUs (responder in the same process): "
                            + "heap %.1f MiB in all, %.1f KiB per live path; "
                            + "worst path's schedule lag p99 in the last 10 s window %.1f ms; %d cycles, %d failed, %d skipped; %d/%d streams up%n",
                    paths, interval, heartbeat, seconds, Runtime.getRuntime().availableProcessors(), running / 1024.0 / 1024,
                    (running - before) / 1024.0 / paths,
                    lagP99, cycles, failed, skipped, connected, paths);
        } finally {
            scheduler.stop();
            stats.stop();
            responder.stop();
        }
    }

    static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
