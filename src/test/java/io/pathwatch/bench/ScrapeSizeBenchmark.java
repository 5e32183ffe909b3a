package io.pathwatch.bench;

import io.pathwatch.testing.ScrapeLines;
import io.pathwatch.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code /actuator/prometheus} scrape costs at N paths (default 2,000): a responder JVM
 * and an agent JVM on loopback (a cycle every 10 s, a 1 s heartbeat), scraped 10 times after a
 * minute of windows. Measured twice in one run: with the default compact buckets and, as the
 * baseline, with {@code pathwatch.metrics.fine-histograms=true} (Micrometer's percentile
 * histogram, what every scrape was before issue 15). Prints lines, bytes and scrape time of each,
 * the lines of one path by family, and the ratios. Goal: at most 40 lines a path for the meters
 * that existed before the cut.
 */
public final class ScrapeSizeBenchmark {

    private static final int RESPONDER_HTTP = 18192;
    private static final int AGENT_HTTP = 18193;
    private static final int GOAL_LINES_PER_PATH = 40;

    record Scrape(long lines, long bytes, double p50Ms, double maxMs, Map<String, Integer> onePath) {
    }

    public static void main(String[] args) throws Exception {
        int paths = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        if (BenchSupport.jar().isEmpty()) {
            System.err.println("scrape-size: target/pathwatch.jar is not built (bench/run.sh builds it)");
            System.exit(1);
        }
        Path dir = BenchSupport.runDir("scrape-size");
        int port = Tools.freePort();
        List<Process> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly), "bench-cleanup"));
        try {
            BenchSupport.startJar(dir, "responder", started, "--server.port=" + RESPONDER_HTTP, "--server.address=127.0.0.1",
                    "--pathwatch.demo.enabled=false", "--pathwatch.auth.secret=" + BenchSupport.SECRET, "--pathwatch.responder.bind=127.0.0.1",
                    "--pathwatch.responder.port=" + port, "--pathwatch.responder.max-connections=" + (paths * 3 + 100),
                    "--pathwatch.state-dir=" + dir.resolve("responder-state"));
            BenchSupport.awaitReady(RESPONDER_HTTP, Duration.ofSeconds(90));
            Path yaml = BenchSupport.pathsYaml(dir.resolve("paths.yml"), paths, "127.0.0.1:" + port);
            System.out.printf("scrape-size: %d paths on loopback (cycle every 10 s, heartbeat 1 s), %d s of windows before scraping; logs in %s%n",
                    paths, warmSeconds, dir);
            Scrape compact = measure(dir, "compact", started, yaml, warmSeconds, paths);
            Scrape fine = measure(dir, "fine", started, yaml, warmSeconds, paths, "--pathwatch.metrics.fine-histograms=true");
            print("baseline: fine histograms (before issue 15)", fine, paths);
            print("compact buckets (default)", compact, paths);
            System.out.printf(Locale.ROOT, "compact / fine: lines ×%.3f, bytes ×%.3f, scrape time p50 ×%.3f%n",
                    compact.lines() / (double) fine.lines(), compact.bytes() / (double) fine.bytes(), compact.p50Ms() / fine.p50Ms());
            int before = ScrapeLines.beforeTheCut(compact.onePath());
            System.out.printf("one path, compact: %d lines for the meters from before the cut (goal <= %d: %s); all its families: %s%n",
                    before, GOAL_LINES_PER_PATH, before <= GOAL_LINES_PER_PATH ? "met" : "MISSED", compact.onePath());
        } finally {
            BenchSupport.stopAll(started);
        }
    }

    private static Scrape measure(Path dir, String name, List<Process> started, Path yaml, int warmSeconds, int paths, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=" + AGENT_HTTP, "--server.address=127.0.0.1",
                "--pathwatch.demo.enabled=false", "--pathwatch.responder.enabled=false", "--pathwatch.auth.secret=" + BenchSupport.SECRET,
                "--pathwatch.probe.interval=10s", "--pathwatch.probe.heartbeat=1s", "--pathwatch.probe.hang-threshold=3s",
                "--pathwatch.probe.timeout=5s", "--pathwatch.state-dir=" + dir.resolve(name + "-state"),
                "--spring.config.additional-location=file:" + yaml.toAbsolutePath()));
        args.addAll(List.of(more));
        Process agent = BenchSupport.startJar(dir, name, started, args.toArray(String[]::new));
        try {
            BenchSupport.awaitReady(AGENT_HTTP, Duration.ofSeconds(120));
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmSeconds));
            double[] ms = new double[10];
            String body = "";
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                body = BenchSupport.httpGet(AGENT_HTTP, "/actuator/prometheus");
                ms[i] = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(1000);
            }
            Arrays.sort(ms);
            long lines = body.lines().filter(l -> l.startsWith("pathwatch_")).count();
            long bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (lines < paths) {
                throw new IllegalStateException(name + ": only " + lines + " pathwatch lines for " + paths + " paths; see " + dir);
            }
            return new Scrape(lines, bytes, ms[ms.length / 2], ms[ms.length - 1], ScrapeLines.families(body, "path-0"));
        } finally {
            started.remove(agent);
            BenchSupport.stopAll(List.of(agent));
        }
    }

    private static void print(String what, Scrape s, int paths) {
        System.out.printf(Locale.ROOT, "%-45s %,9d pathwatch_* lines (%.1f a path), %.1f MB, scrape p50 %.0f ms, max %.0f ms (10 scrapes)%n",
                what, s.lines(), s.lines() / (double) paths, s.bytes() / 1e6, s.p50Ms(), s.maxMs());
    }
}
