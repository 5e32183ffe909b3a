package io.pathwatch.health;

import io.pathwatch.stats.WindowSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health state machine of one path. Each sealed window every rule fires, clears, or (when
 * its figure has no value or its baseline is still learning) has no evidence and leaves its
 * streaks alone. A rule takes effect once it fired in {@code for} of the last {@code within}
 * windows it judged and lets go after {@code clear-for} clear ones in a row; the path's state is
 * the worst state of the rules in effect.
 * A window teaches a baseline only if no rule following that baseline fired in it, so a problem
 * never becomes the normal it is judged against, unless it lasts {@code adopt-after}.
 */
final class PathJudge {

    private static final Logger log = LoggerFactory.getLogger(PathJudge.class);

    private final String path;
    private final List<Rule> rules;
    private final BaselineSettings settings;
    private final Map<RuleFigure, Baseline> baselines = new EnumMap<>(RuleFigure.class);
    private final Map<RuleFigure, Long> heldSince = new EnumMap<>(RuleFigure.class);
    private final Map<RuleFigure, Long> heldWindows = new EnumMap<>(RuleFigure.class);
    private final RuleTrack[] tracks;
    private final int maxFor;
    private final double maxSelfLagMs;
    private PathState state = PathState.UNKNOWN;
    private long judged;

    PathJudge(String path, List<Rule> rules, BaselineSettings settings) {
        this(path, rules, settings, 5.0);
    }

    PathJudge(String path, List<Rule> rules, BaselineSettings settings, double maxSelfLagMs) {
        this.maxSelfLagMs = maxSelfLagMs;
        this.path = path;
        this.rules = List.copyOf(rules);
        this.settings = settings;
        this.tracks = new RuleTrack[rules.size()];
        this.maxFor = rules.stream().mapToInt(Rule::forWindows).max().orElse(1);
        for (int i = 0; i < tracks.length; i++) {
            tracks[i] = new RuleTrack(rules.get(i).within());
            Threshold t = rules.get(i).threshold();
            if (t.relative()) {
                baselines.computeIfAbsent(t.of(), f -> new Baseline(settings.horizon().toMillis(), settings.minWindows()));
            }
        }
    }

    /**
     * Judges one sealed window; returns the outcome (whether or not the state changed). A window
     * the prober could not be trusted to measure (its own lag beyond max-self-lag) is not judged at
     * all: no rule fires or clears on it, no baseline learns from it, and the state stays.
     */
    synchronized Judgement judge(WindowSnapshot w, Instant at) {
        PathState from = state;
        if (!w.measurement().trusted()) {
            return new Judgement(from, state, active(), List.of(), overloaded(w));
        }
        if (w.cycles() == 0 && state == PathState.UNKNOWN) {
            return new Judgement(from, state, active(), List.of());
        }
        Map<RuleFigure, Boolean> baselineFired = new EnumMap<>(RuleFigure.class);
        List<Integer> justCleared = new ArrayList<>();
        for (int i = 0; i < tracks.length; i++) {
            Rule rule = rules.get(i);
            RuleTrack track = tracks[i];
            Double observed = rule.figure().of(w);
            Double baseline = rule.threshold().relative() ? baselines.get(rule.threshold().of()).value() : null;
            if (observed == null || (rule.threshold().relative() && baseline == null)) {
                continue;
            }
            double threshold = rule.threshold().value(baseline);
            track.observed = observed;
            track.threshold = threshold;
            track.baseline = baseline;
            track.detail = rule.figure().detail(w);
            track.windowSeconds = w.seconds();
            boolean fires = rule.comparison().holds(observed, threshold);
            if (rule.threshold().relative() && fires) {
                baselineFired.put(rule.threshold().of(), true);
            }
            track.remember(fires, new RuleSentence.Seen(fires, observed, w.hangs().count(), w.hangs().started(), w.hangs().longestMs(),
                    w.hangs().open(), track.detail));
            if (fires) {
                track.clear = 0;
                if (!track.active && track.fired >= rule.forWindows()) {
                    track.active = true;
                }
            } else {
                track.clear++;
                if (track.active && track.clear >= rule.clearFor()) {
                    track.active = false;
                    justCleared.add(i);
                }
            }
        }
        for (int i = 0; i < tracks.length; i++) {
            RuleTrack track = tracks[i];
            if (track.observed != null) {
                track.last = firing(rules.get(i), track);
            }
        }
        List<RuleFiring> cleared = justCleared.stream().map(i -> tracks[i].last).toList();
        learn(w, at, baselineFired);
        judged++;
        PathState worst = warmedUp() ? PathState.OK : PathState.UNKNOWN;
        for (int i = 0; i < tracks.length; i++) {
            if (tracks[i].active && rules.get(i).state().level() > worst.level()) {
                worst = rules.get(i).state();
            }
        }
        state = worst;
        return new Judgement(from, state, active(), cleared);
    }

    /**
     * OK is said only once every rule could have fired: after as many windows as the longest
     * {@code for}, and once the baselines are seeded (or {@code min-windows} have passed, for a
     * figure this path never shows). Until then a path is UNKNOWN unless a rule is already in effect.
     */
    private boolean warmedUp() {
        if (judged < maxFor) {
            return false;
        }
        return judged >= settings.minWindows() || baselines.values().stream().allMatch(b -> b.value() != null);
    }

    synchronized Map<String, Baseline.State> exportBaselines() {
        Map<String, Baseline.State> out = new LinkedHashMap<>();
        baselines.forEach((f, b) -> out.put(f.key(), b.state()));
        return out;
    }

    /**
     * This path judged by other rules from now on, as if they had always been its rules where they
     * did not change: an unchanged rule keeps its recent verdicts (so its {@code for} and
     * {@code clear-for} counts go on), every baseline still used keeps what it learned, and the
     * state stays until the next window is judged.
     */
    synchronized PathJudge withRules(List<Rule> newRules) {
        PathJudge next = new PathJudge(path, newRules, settings, maxSelfLagMs);
        for (int i = 0; i < next.tracks.length; i++) {
            int was = rules.indexOf(newRules.get(i));
            if (was >= 0) {
                next.tracks[i] = tracks[was];
            }
        }
        next.baselines.replaceAll((figure, fresh) -> baselines.getOrDefault(figure, fresh));
        next.heldSince.putAll(heldSince);
        next.heldWindows.putAll(heldWindows);
        next.heldSince.keySet().retainAll(next.baselines.keySet());
        next.heldWindows.keySet().retainAll(next.baselines.keySet());
        next.state = state;
        next.judged = judged;
        return next;
    }

    synchronized List<Rule> rules() {
        return rules;
    }

    /** Takes back baselines saved before a restart (those this path still uses). */
    synchronized void restoreBaselines(Map<String, Baseline.State> saved) {
        baselines.forEach((f, b) -> {
            Baseline.State s = saved.get(f.key());
            if (s != null) {
                b.restore(s);
            }
        });
    }

    private void learn(WindowSnapshot w, Instant at, Map<RuleFigure, Boolean> fired) {
        long now = at.toEpochMilli();
        for (Map.Entry<RuleFigure, Baseline> e : baselines.entrySet()) {
            RuleFigure figure = e.getKey();
            Double value = figure.of(w);
            if (value == null) {
                continue;
            }
            if (!fired.containsKey(figure)) {
                e.getValue().learn(value, now);
                heldSince.remove(figure);
                heldWindows.remove(figure);
                continue;
            }
            long since = heldSince.computeIfAbsent(figure, f -> now);
            heldWindows.merge(figure, 1L, Long::sum);
            if (now - since >= settings.adoptAfter().toMillis()) {
                log.warn("path {}: {} has been beyond its baseline for {}; taking that as its new normal and learning it afresh",
                        path, figure.key(), settings.adoptAfter());
                e.getValue().reset();
                e.getValue().learn(value, now);
                heldSince.remove(figure);
                heldWindows.remove(figure);
            }
        }
    }

    /** "latency: rtt.p50 121 ms > 28 ms (baseline 20 ms × 1.3 + 2 ms)", and while it clears "…, clear 1 of 3 windows". */
    private static RuleFiring firing(Rule rule, RuleTrack t) {
        RuleFigure f = rule.figure();
        double observed = t.observed;
        double threshold = t.threshold;
        Double baseline = t.baseline;
        String limit = f.unit().format(threshold) + (baseline == null ? "" : " (" + rule.threshold().describe(f, baseline) + ")");
        String text = t.clear == 0
                ? rule.name() + ": " + f.key() + " " + f.unit().format(observed) + " " + rule.comparison().symbol() + " " + limit
                : rule.name() + ": " + f.key() + " " + f.unit().format(observed) + ", not " + rule.comparison().symbol() + " " + limit
                        + (t.active ? ", clear " + t.clear + " of " + rule.clearFor() + " windows" : "");
        if (!t.detail.isEmpty()) {
            text += " (" + t.detail + ")";
        }
        String sentence = RuleSentence.of(new RuleSentence.State(rule, t.seen(), t.clear, threshold, baseline, t.windowSeconds));
        return new RuleFiring(rule.name(), f.key(), rule.condition(), round(observed, f.unit()), round(threshold, f.unit()),
                baseline == null ? null : round(baseline, rule.threshold().of().unit()),
                f.unit().name().toLowerCase(java.util.Locale.ROOT), rule.state(), text, sentence);
    }

    /** µs for times, 1e-6 for ratios: the figures' own precision, without the noise of baselines kept as floats. */
    private static double round(double v, RuleFigure.Unit unit) {
        double scale = unit == RuleFigure.Unit.MS ? 1e3 : 1e6;
        return Math.round(v * scale) / scale;
    }

    /** The rules in effect, with their latest verdicts. */
    synchronized List<RuleFiring> active() {
        List<RuleFiring> out = new ArrayList<>();
        for (RuleTrack t : tracks) {
            if (t.active) {
                out.add(t.last);
            }
        }
        return out;
    }

    synchronized PathState state() {
        return state;
    }

    /** One figure's learned baseline, rounded as {@link #baselines()} gives it; NaN while learning or when no relative rule watches it. */
    synchronized double baseline(RuleFigure figure) {
        Baseline b = baselines.get(figure);
        Double v = b == null ? null : b.value();
        return v == null ? Double.NaN : round(v, figure.unit());
    }

    synchronized Map<String, BaselineView> baselines() {
        Map<String, BaselineView> out = new LinkedHashMap<>();
        baselines.forEach((f, b) -> out.put(f.key(), new BaselineView(b.value() == null ? null : round(b.value(), f.unit()), f.unit().name().toLowerCase(java.util.Locale.ROOT),
                b.learned(), heldWindows.getOrDefault(f, 0L))));
        return out;
    }

    private String overloaded(WindowSnapshot w) {
        return String.format(java.util.Locale.ROOT, "prober overloaded: its own lag p99 %.1f ms exceeded max-self-lag %s ms in the last window, "
                + "so no rule judged it (fewer paths, a longer interval or more CPUs help; see /actuator/health/pathwatch)",
                w.measurement().selfLagP99Ms(), RuleFigure.Unit.MS.format(maxSelfLagMs).replace(" ms", ""));
    }

    /**
     * The outcome of one window: the state before and after, the rules in effect and those that
     * just let go; {@code overloaded} says why the window was not judged, or is null.
     */
    record Judgement(PathState from, PathState to, List<RuleFiring> active, List<RuleFiring> cleared, String overloaded) {

        Judgement(PathState from, PathState to, List<RuleFiring> active, List<RuleFiring> cleared) {
            this(from, to, active, cleared, null);
        }

        boolean changed() {
            return from != to;
        }
    }

    /** One rule's memory: its verdicts on the last {@code within} windows judged, and its clear streak. */
    private static final class RuleTrack {
        final boolean[] recent;
        /** What each of {@link #recent} showed, for the rule's sentence. */
        final RuleSentence.Seen[] seen;
        /** Windows remembered so far, up to {@code within}. */
        int count;
        long windowSeconds;
        int next;
        /** Firing windows among {@link #recent}. */
        int fired;
        int clear;
        boolean active;
        Double observed;
        String detail;
        double threshold;
        Double baseline;
        RuleFiring last;

        RuleTrack(int within) {
            recent = new boolean[within];
            seen = new RuleSentence.Seen[within];
        }

        void remember(boolean fires, RuleSentence.Seen window) {
            if (recent[next]) {
                fired--;
            }
            recent[next] = fires;
            seen[next] = window;
            count = Math.min(count + 1, recent.length);
            if (fires) {
                fired++;
            }
            next = (next + 1) % recent.length;
        }

        /** The remembered windows, oldest first. */
        List<RuleSentence.Seen> seen() {
            List<RuleSentence.Seen> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(seen[(next - count + i + recent.length) % recent.length]);
            }
            return out;
        }
    }
}
