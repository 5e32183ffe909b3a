package io.pathwatch.bench;

import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.responder.ResponderServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A prober overloaded for real: {@code paths} paths (default 2000, at most 5000) with the default
 * heartbeat on one event loop, to a responder in the same process on loopback, for
 * {@code seconds} (default 40, at most 300). Prints the hangs and the causes they and the failed
 * cycles got: under an overload the prober must blame itself (local_overload) or, as the
 * responder shares the two CPUs, the far end (far_end_stall), never the network. Bounded, stops
 * by itself.
 */
public final class OverloadCauseBenchmark {

    public static void main(String[] args) throws Exception {
        int n = Math.min(5000, args.length > 0 ? Integer.parseInt(args[0]) : 2000);
        int seconds = Math.min(300, args.length > 1 ? Integer.parseInt(args[1]) : 40);
        List<StallAttribution> settled = run(n, seconds, 0, System.out);
        settled.stream().filter(a -> a.subject() == StallAttribution.Subject.HANG).limit(5)
                .forEach(a -> System.out.println("  " + a.sentence() + " " + a.evidence()));
    }

    /**
     * Overloads a prober as the class says and returns the settled causes, printing progress every 5 s.
     *
     * @param enoughHangs stop early once this many hangs have settled causes (0: run the whole time)
     */
    public static List<StallAttribution> run(int n, int seconds, int enoughHangs, java.io.PrintStream out) throws Exception {
        ResponderServer responder = new ResponderServer(new ResponderProperties(true, "127.0.0.1", 0, 16384, n * 4, n * 4,
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(60), 1000, 1, new ResponderTlsProperties(false, "", "", "PKCS12"),
                ResponderProperties.ProxyProtocol.OFF, List.of()), "bench");
        responder.start();
        ProbeSettings settings = new ProbeSettings(Duration.ofSeconds(10), Duration.ofSeconds(3), 1, 64, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(50));
        List<PathSpec> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add(new PathSpec("p" + i, "127.0.0.1", responder.port(), null, Map.of(), settings));
        }
        List<StallAttribution> settled = new CopyOnWriteArrayList<>();
        AtomicLong hangs = new AtomicLong();
        AtomicLong echoes = new AtomicLong();
        ProbeClient client = new ProbeClient("bench", "bench", 1, paths);
        ProbeScheduler scheduler = new ProbeScheduler(client, paths, p -> new ProbeListener() {
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
                if (a.settled()) {
                    settled.add(a);
                }
            }
        });
        scheduler.start();
        try {
            for (int t = 5; t <= seconds; t += 5) {
                Thread.sleep(5000); // the measuring period of a benchmark, not a wait for a condition
                out.printf("t=%ds echoes=%d hangs=%d causes: hangs %s, failed cycles %s%n", t, echoes.get(), hangs.get(),
                        count(settled, StallAttribution.Subject.HANG), count(settled, StallAttribution.Subject.CYCLE));
                if (enoughHangs > 0 && settled.stream().filter(a -> a.subject() == StallAttribution.Subject.HANG).count() >= enoughHangs) {
                    break;
                }
            }
            return List.copyOf(settled);
        } finally {
            scheduler.stop();
            client.close();
            responder.stop();
        }
    }

    private static Map<String, Long> count(List<StallAttribution> all, StallAttribution.Subject subject) {
        Map<String, Long> out = new TreeMap<>();
        all.stream().filter(a -> a.subject() == subject).forEach(a -> out.merge(a.cause().key(), 1L, Long::sum));
        return out;
    }
}
