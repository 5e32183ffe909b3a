package io.pathwatch.api;

import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.health.PathState;
import io.pathwatch.health.StatePoint;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowPoint;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/paths/{name}/history?minutes=60}: one point per sealed window, oldest first. */
@RestController
class HistoryController {

    private final StatsRegistry stats;
    private final PathHealthTracker health;

    HistoryController(StatsRegistry stats, PathHealthTracker health) {
        this.stats = stats;
        this.health = health;
    }

    /**
     * One window: times in ms (µs precision), loss 0..1, the state judged when it was sealed
     * (null for windows from before a restart). {@code hangs} counts every hang open at some time
     * in the window; {@code trusted} is false when the prober's own lag exceeded max-self-lag.
     * {@code hangCauses} counts the hang attributions that settled in the window, by cause;
     * {@code hangCause} is the most frequent of them (the earliest in cause order on a tie), or null
     * when none settled there (a hang's cause settles after it ends, so a short window may show the
     * hang and the next one its cause). {@code kernelRttP50Ms} is the kernel's smoothed RTT.
     */
    record Point(Instant start, Instant end, long cycles, Double rttP10Ms, Double rttP25Ms, Double rttP50Ms, Double rttP75Ms,
            Double rttP90Ms, Double rttP99Ms, Double rttMaxMs, Double kernelRttP50Ms, Double connectP50Ms, Double jitterMs, Double spreadMs,
            Double lossRatio, long late, long hangs, double hangMs, String hangCause, Map<String, Long> hangCauses, long errors, boolean trusted,
            String state) {
    }

    record History(String path, int minutes, List<Point> points) {
    }

    @GetMapping("/api/paths/{name}/history")
    History history(@PathVariable String name, @RequestParam(defaultValue = "60") int minutes) {
        if (minutes < 1 || minutes > 60) {
            throw Problems.badParameter("minutes", "minutes must be 1..60 (an hour is kept); got " + minutes);
        }
        PathStats s = stats.get(name).orElseThrow(() -> PathsController.unknownPath(name));
        List<StatePoint> states = health.states(name);
        List<Point> points = s.history(Duration.ofMinutes(minutes)).stream().map(p -> point(p, stateAt(states, p.end()))).toList();
        return new History(name, minutes, points);
    }

    private static Point point(WindowPoint p, PathState state) {
        WindowSnapshot w = p.window();
        return new Point(p.start(), p.end(), w.cycles(), PathView.micros(w.rtt().p10()), PathView.micros(w.rtt().p25()),
                PathView.micros(w.rtt().p50()), PathView.micros(w.rtt().p75()), PathView.micros(w.rtt().p90()),
                PathView.micros(w.rtt().p99()), PathView.micros(w.rtt().max()), PathView.micros(w.kernelRtt().p50()),
                PathView.micros(w.connect().p50()), PathView.micros(w.jitterMs()), PathView.micros(w.spreadMs()), PathView.ratio(w.lossRatio()),
                w.late(), w.hangs().count(), PathView.micros(w.hangs().totalMs()), dominant(w.hangs().causes()), w.hangs().causes(),
                w.errors().values().stream().mapToLong(Long::longValue).sum(), w.measurement().trusted(), state == null ? null : state.name());
    }

    /** The cause with the most settled hangs; the first in cause order on a tie (the map keeps that order). */
    static String dominant(Map<String, Long> causes) {
        String best = null;
        long most = 0;
        for (Map.Entry<String, Long> e : causes.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    /** The state judged for the window that ended at {@code end}: the first judgement at or after it (same harvest). */
    private static PathState stateAt(List<StatePoint> states, Instant end) {
        for (StatePoint s : states) {
            if (!s.at().isBefore(end.minusMillis(500)) && s.at().isBefore(end.plusMillis(1500))) {
                return s.state();
            }
        }
        return null;
    }
}
