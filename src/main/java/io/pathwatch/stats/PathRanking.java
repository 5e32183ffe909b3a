package io.pathwatch.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Ranks paths to the same destination by a stability score, in milliseconds of "what this path
 * costs a latency-sensitive feed" (lower is better):
 * <pre>
 *   score = rtt p99 + 2 × jitter + hang time per minute + 1000 × loss + 10000 × (1 − availability)
 * </pre>
 * (so 1 % loss weighs like 10 ms of p99, 1 % failed cycles like 100 ms). How sure the ranking is
 * comes from block-bootstrap 95 % intervals on p50 and p99 that resample whole windows (a path's
 * samples are autocorrelated, so resampling single samples would claim too much): two paths
 * whose p99 intervals overlap, and that are not worse on jitter, hangs, loss or availability, are
 * called indistinguishable.
 * <p>
 * Pure computation over {@link PathStats}, so the daemon's {@code GET /api/compare} and the
 * one-shot CLI's {@code compare} rank with the same rule.
 */
public final class PathRanking {

    public static final String FORMULA = "score = rtt p99 + 2 x jitter + hang ms per minute + 1000 x loss + 10000 x (1 - availability); lower is better";

    public record Ranked(int rank, String name, double score, long samples, Bootstrap.Interval p50, Bootstrap.Interval p99, Double jitterMs,
            long hangs, double hangMsPerMinute, Double lossRatio, Double availability, List<String> worseThanBest, boolean indistinguishableFromBest) {
    }

    public record Result(String window, String formula, List<Ranked> paths, String summary) {
    }

    private PathRanking() {
    }

    /**
     * @param span  the time to rank over, ending now
     * @param label how the result names that span ({@code "15m"})
     */
    public static Result compare(List<PathStats> paths, Duration span, String label) {
        List<Ranked> scored = new ArrayList<>();
        for (PathStats s : paths) {
            WindowSnapshot w = s.snapshot(span);
            List<Samples> windows = s.samplesByWindow(Figure.RTT, span);
            long seed = s.path().name().hashCode();
            Bootstrap.Interval p50 = Bootstrap.of(windows, 50, seed);
            Bootstrap.Interval p99 = Bootstrap.of(windows, 99, seed + 1);
            double minutes = Math.max(1.0 / 60, w.seconds() / 60.0);
            double hangPerMinute = w.hangs().totalMs() / minutes;
            Double availability = w.cycles() == 0 ? null : 1.0 - (double) w.cyclesFailed() / w.cycles();
            double score = (p99 == null ? 10_000 : p99.value()) + 2 * nz(w.jitterMs()) + hangPerMinute + 1000 * nz(w.lossRatio())
                    + 10_000 * (1 - (availability == null ? 0 : availability));
            scored.add(new Ranked(0, s.path().name(), round(score), w.rtt().count(), p50, p99, w.jitterMs(),
                    w.hangs().count(), round(hangPerMinute), w.lossRatio(), availability, List.of(), false));
        }
        scored.sort(Comparator.comparingDouble(Ranked::score));
        List<Ranked> ranked = new ArrayList<>();
        Ranked best = scored.isEmpty() ? null : scored.get(0);
        for (int i = 0; i < scored.size(); i++) {
            Ranked r = scored.get(i);
            List<String> worse = i == 0 ? List.of() : worse(r, best);
            boolean same = i == 0 || (worse.isEmpty() && r.p99() != null && best.p99() != null && r.p99().overlaps(best.p99()));
            ranked.add(new Ranked(i + 1, r.name(), r.score(), r.samples(), r.p50(), r.p99(), r.jitterMs(), r.hangs(), r.hangMsPerMinute(),
                    r.lossRatio(), r.availability(), worse, same));
        }
        return new Result(label, FORMULA, ranked, summary(ranked));
    }

    /** Where {@code r} is clearly worse than the best path. */
    private static List<String> worse(Ranked r, Ranked best) {
        List<String> worse = new ArrayList<>();
        if (r.p99() != null && best.p99() != null && r.p99().low() > best.p99().high()) {
            worse.add("p99");
        }
        // below a millisecond or so, jitter is the hosts' scheduling as much as the path's
        if (nz(r.jitterMs()) > 2 * nz(best.jitterMs()) + 1.0) {
            worse.add("jitter");
        }
        if (r.hangs() > best.hangs()) {
            worse.add("hangs");
        }
        if (nz(r.lossRatio()) > nz(best.lossRatio()) + 0.005) {
            worse.add("loss");
        }
        if (r.availability() != null && best.availability() != null && r.availability() < best.availability() - 0.01) {
            worse.add("availability");
        }
        return worse;
    }

    /** "a and b are indistinguishable at p99; c is worse on jitter and hangs". */
    static String summary(List<Ranked> ranked) {
        if (ranked.isEmpty()) {
            return "no path to compare";
        }
        List<String> parts = new ArrayList<>();
        List<String> same = ranked.stream().filter(Ranked::indistinguishableFromBest).map(Ranked::name).toList();
        if (same.size() > 1) {
            parts.add(join(same) + " are indistinguishable at p99");
        } else {
            parts.add(same.get(0) + " is the most stable");
        }
        for (Ranked r : ranked) {
            if (r.indistinguishableFromBest()) {
                continue;
            }
            parts.add(r.worseThanBest().isEmpty()
                    ? r.name() + String.format(Locale.ROOT, " is slightly behind (score %.1f vs %.1f)", r.score(), ranked.get(0).score())
                    : r.name() + " is worse on " + join(r.worseThanBest()));
        }
        return String.join("; ", parts);
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
