package io.pathwatch.health;

import io.pathwatch.stats.WindowSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Judges one sealed window with fixed thresholds: DOWN when every cycle failed; DEGRADED when at
 * least a fifth of the cycles failed, 5 % or more of echoes and heartbeats were lost, or the
 * stream hung; otherwise OK. UNKNOWN while a window has no cycle at all.
 */
final class WindowJudge {

    static final double DEGRADED_FAILURE_RATIO = 0.2;
    static final double DEGRADED_LOSS_RATIO = 0.05;

    private WindowJudge() {
    }

    static Verdict judge(WindowSnapshot w) {
        if (w.cycles() == 0) {
            return new Verdict(PathState.UNKNOWN, List.of("no probe cycle completed in the window"));
        }
        if (w.cyclesFailed() == w.cycles()) {
            return new Verdict(PathState.DOWN, List.of("all " + w.cycles() + " cycles failed: " + failures(w.errors())));
        }
        List<String> reasons = new ArrayList<>();
        double failed = w.cyclesFailed() / (double) w.cycles();
        if (failed >= DEGRADED_FAILURE_RATIO) {
            reasons.add(String.format(Locale.ROOT, "%d of %d cycles failed (%s)", w.cyclesFailed(), w.cycles(), failures(w.errors())));
        }
        if (w.lossRatio() != null && w.lossRatio() >= DEGRADED_LOSS_RATIO) {
            reasons.add(String.format(Locale.ROOT, "loss %.3f >= %.2f", w.lossRatio(), DEGRADED_LOSS_RATIO));
        }
        if (w.hangs().count() > 0) {
            reasons.add(String.format(Locale.ROOT, "stream hung %d time(s), longest %.0f ms", w.hangs().count(), w.hangs().longestMs()));
        }
        return new Verdict(reasons.isEmpty() ? PathState.OK : PathState.DEGRADED, reasons);
    }

    private static String failures(Map<String, Long> errors) {
        return errors.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    record Verdict(PathState state, List<String> reasons) {
    }
}
