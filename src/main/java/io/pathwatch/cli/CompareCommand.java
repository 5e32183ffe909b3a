package io.pathwatch.cli;

import io.pathwatch.path.PathSpec;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.stats.Bootstrap;
import io.pathwatch.stats.PathRanking;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compare A B ...}: the daemon's prober and statistics on every target side by side for
 * {@code --duration}, then the daemon's own ranking ({@link PathRanking}, as {@code GET
 * /api/compare}). The statistics window is a tenth of the duration (1 s to the daemon's 10 s), so
 * even a short run gives the bootstrap enough windows to say how sure it is. A line per target and
 * window shows progress; Ctrl-C ranks what has been measured so far.
 */
final class CompareCommand {

    private final Options options;
    private final Printer out;
    private final Stop stop;
    private volatile long started = System.nanoTime();

    CompareCommand(Options options, Printer out, Stop stop) {
        this.options = options;
        this.out = out;
        this.stop = stop;
    }

    int run() throws InterruptedException {
        Duration window = window(options.duration());
        List<PathSpec> specs = options.targets().stream().map(t -> Targets.spec(t, options, options.interval(), window)).toList();
        StatsRegistry stats = new StatsRegistry(specs);
        stats.addWindowListener(this::progress);
        ProbeClient client = new ProbeClient(ProbeCommand.AGENT, options.secret(), Math.min(2, Runtime.getRuntime().availableProcessors()), specs);
        ProbeScheduler scheduler = new ProbeScheduler(client, specs, stats, stats.agent()::forLoop);
        out.text(String.format(Locale.ROOT, "comparing %d targets for %s (windows of %s, one cycle each every %s); Ctrl-C ranks what is in so far",
                specs.size(), ProbeCommand.human(options.duration()), ProbeCommand.human(window), ProbeCommand.human(specs.get(0).settings().interval())));
        started = System.nanoTime();
        PathRanking.Result result;
        try {
            stats.start();
            scheduler.start();
            stop.await(options.duration());
        } finally {
            scheduler.stop();
            stats.stop();
        }
        stats.harvestAll();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        // one window more than the run, so its first window is in however the windows fell
        result = PathRanking.compare(List.copyOf(stats.all()), elapsed.plus(window), label(elapsed));
        out.text(table(result));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "compare");
        json.put("ranking", result);
        int code = result.paths().stream().allMatch(r -> r.p99() != null) ? Cli.OK : Cli.FAILED;
        json.put("exitCode", code);
        out.object(json);
        return code;
    }

    /** A tenth of the run in whole seconds, 1 s to 10 s. */
    static Duration window(Duration duration) {
        return Duration.ofSeconds(Math.max(1, Math.min(10, duration.toSeconds() / 10)));
    }

    private void progress(PathStats path, WindowSnapshot w) {
        out.text(String.format(Locale.ROOT, "%4ds %-24s cycles %d failed %d  rtt p50 %s p99 %s ms  hangs %d",
                Math.round((System.nanoTime() - started) / 1e9), path.path().name(), w.cycles(), w.cyclesFailed(),
                ms(w.rtt().p50()), ms(w.rtt().p99()), w.hangs().count()));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "window");
        line.put("target", path.path().name());
        line.put("window", w);
        out.object(line);
    }

    static String table(PathRanking.Result r) {
        StringBuilder b = new StringBuilder("\n");
        int width = Math.max(6, r.paths().stream().mapToInt(p -> p.name().length()).max().orElse(0));
        String row = "%-4s %-" + width + "s %10s %26s %26s %8s %5s %7s %7s  %s%n";
        b.append(String.format(Locale.ROOT, row, "rank", "target", "score", "p50 ms [95% CI]", "p99 ms [95% CI]", "jitter", "hangs", "loss", "avail",
                "vs best"));
        for (PathRanking.Ranked p : r.paths()) {
            String verdict = p.rank() == 1 ? "best" : p.indistinguishableFromBest() ? "indistinguishable" : p.worseThanBest().isEmpty()
                    ? "slightly behind" : "worse on " + String.join(", ", p.worseThanBest());
            b.append(String.format(Locale.ROOT, row, p.rank(), p.name(), String.format(Locale.ROOT, "%.1f", p.score()), interval(p.p50()),
                    interval(p.p99()), ms(p.jitterMs()), p.hangs(), percent(p.lossRatio()), percent(p.availability()), verdict));
        }
        b.append(r.summary()).append(" (over ").append(r.window()).append(")\n");
        b.append(r.formula()).append('\n');
        return b.toString();
    }

    private static String interval(Bootstrap.Interval i) {
        return i == null ? "-" : String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", i.value(), i.low(), i.high());
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String percent(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String label(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s >= 60 ? s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s") : s + "s";
    }
}
