package io.pathwatch.metrics;

import io.pathwatch.stats.LastWindow;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.Samples;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowListener;
import io.pathwatch.stats.WindowSnapshot;
import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each path's sealed windows held since the last CloudWatch step: every window counted
 * exactly once, however the step and the window lengths relate.
 */
final class StepFigures implements WindowListener, PathLifecycle {

    /**
     * One path's step.
     *
     * @param windows       windows sealed in the step (0: nothing but the state to publish)
     * @param rtt           echo RTT samples, µs; null without any
     * @param connect       connect time samples, µs; null without any
     * @param jitterMs      mean of the windows' jitter
     * @param lossRatio     mean of the windows' loss ratios
     * @param scheduleLagMs the largest of the windows' schedule-lag p99s
     * @param untrusted     windows the prober's own lag made untrusted: their latencies, jitter and
     *                      loss are left out of this step (the counts stay: they are facts)
     */
    record Step(String path, int windows, Samples rtt, Samples connect, Double jitterMs, Double lossRatio, long hangs,
            double hangSeconds, long disconnects, Map<String, Long> errors, Double scheduleLagMs, int untrusted) {
    }

    /** Changed by reloads (under the stats lock) while the publisher drains: every access holds its lock. */
    private final Map<String, Accumulator> byPath = new LinkedHashMap<>();
    /** Paths that left since the last drain: their last windows are still published once. */
    private final List<Accumulator> departed = new ArrayList<>();
    private volatile List<Step> lastDrained = List.of();

    StepFigures(StatsRegistry stats) {
        for (PathStats p : stats.all()) {
            byPath.put(p.path().name(), new Accumulator(p.path().name()));
        }
        stats.addLifecycleListener(this);
    }

    @Override
    public void pathAdded(PathSpec path) {
        synchronized (byPath) {
            byPath.put(path.name(), new Accumulator(path.name()));
        }
    }

    /** The step goes on with the path's new windows: one value per figure and step, as CloudWatch expects. */
    @Override
    public void pathRestarted(PathSpec was, PathSpec now, String reason) {
    }

    @Override
    public void pathRemoved(PathSpec path, String reason) {
        synchronized (byPath) {
            Accumulator a = byPath.remove(path.name());
            if (a != null) {
                departed.add(a);
            }
        }
    }

    @Override
    public void windowSealed(PathStats stats, WindowSnapshot window) {
        Accumulator a;
        synchronized (byPath) {
            a = byPath.get(stats.path().name());
        }
        if (a != null) {
            LastWindow last = stats.last();
            a.add(window, last.rtt(), last.connect());
        }
    }

    /** Every path's step so far, starting the next. */
    List<Step> drain() {
        List<Accumulator> gone;
        List<Accumulator> current;
        synchronized (byPath) {
            gone = List.copyOf(departed);
            departed.clear();
            current = List.copyOf(byPath.values());
        }
        // a path that left publishes what it measured before it left, once; one that came back with new
        // settings within the step publishes both parts, and CloudWatch adds them up
        List<Step> steps = new ArrayList<>();
        gone.stream().map(Accumulator::drain).filter(step -> step.windows() > 0).forEach(steps::add);
        current.stream().map(Accumulator::drain).forEach(steps::add);
        lastDrained = steps;
        return steps;
    }

    /** The step last handed out, for tests that check what was published against what was recorded. */
    List<Step> lastDrained() {
        return lastDrained;
    }

    private static final class Accumulator {
        private final String path;
        private int windows;
        private Samples rtt;
        private Samples connect;
        private double jitterSum;
        private int jitterWindows;
        private double lossSum;
        private int lossWindows;
        private long hangs;
        private double hangMs;
        private long disconnects;
        private Map<String, Long> errors = new LinkedHashMap<>();
        private Double lagP99;
        private int untrusted;

        Accumulator(String path) {
            this.path = path;
        }

        synchronized void add(WindowSnapshot w, Samples rttMicros, Samples connectMicros) {
            windows++;
            boolean trusted = w.measurement().trusted();
            if (!trusted) {
                untrusted++;
            }
            if (trusted) {
                rtt = merge(rtt, rttMicros);
                connect = merge(connect, connectMicros);
            }
            if (trusted && w.jitterMs() != null) {
                jitterSum += w.jitterMs();
                jitterWindows++;
            }
            if (trusted && w.lossRatio() != null) {
                lossSum += w.lossRatio();
                lossWindows++;
            }
            hangs += w.hangs().started();
            hangMs += w.hangs().totalMs();
            disconnects += w.streamDisconnects();
            w.errors().forEach((k, n) -> errors.merge(k, n, Long::sum));
            if (w.localErrors() > 0) {
                errors.merge(WindowSnapshot.LOCAL_ERROR_KIND, w.localErrors(), Long::sum);
            }
            Double lag = w.scheduleLag().p99();
            if (lag != null) {
                lagP99 = lagP99 == null ? lag : Math.max(lagP99, lag);
            }
        }

        synchronized Step drain() {
            Step s = new Step(path, windows, rtt, connect, jitterWindows == 0 ? null : jitterSum / jitterWindows,
                    lossWindows == 0 ? null : lossSum / lossWindows, hangs, hangMs / 1000.0, disconnects, Map.copyOf(errors), lagP99, untrusted);
            untrusted = 0;
            windows = 0;
            rtt = null;
            connect = null;
            jitterSum = 0;
            jitterWindows = 0;
            lossSum = 0;
            lossWindows = 0;
            hangs = 0;
            hangMs = 0;
            disconnects = 0;
            errors = new LinkedHashMap<>();
            lagP99 = null;
            return s;
        }

        private static Samples merge(Samples into, Samples add) {
            if (add == null || add.count() == 0) {
                return into;
            }
            return into == null ? add : into.plus(add);
        }
    }
}
