package io.pathwatch.health;

import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowListener;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps every path's {@link PathHealth}, judging each window by the path's rules as it is sealed. */
public final class PathHealthTracker implements WindowListener {

    private static final Logger log = LoggerFactory.getLogger(PathHealthTracker.class);

    private final Clock clock;
    private final Map<String, PathJudge> judges = new LinkedHashMap<>();
    private final Map<String, PathHealth> states = new ConcurrentHashMap<>();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();

    public PathHealthTracker(StatsRegistry registry, HealthRules rules, Clock clock) {
        this.clock = clock;
        for (PathStats s : registry.all()) {
            String name = s.path().name();
            judges.put(name, new PathJudge(name, rules.of(name), rules.baseline()));
            states.put(name, new PathHealth(PathState.UNKNOWN, clock.instant(), List.of()));
        }
        registry.addWindowListener(this);
    }

    public void addListener(HealthListener listener) {
        listeners.add(listener);
    }

    @Override
    public void windowSealed(PathStats stats, WindowSnapshot window) {
        String name = stats.path().name();
        PathJudge judge = judges.get(name);
        if (judge == null) {
            return;
        }
        Instant now = clock.instant();
        PathJudge.Judgement j = judge.judge(window, now);
        PathHealth old = states.get(name);
        if (!j.changed()) {
            states.put(name, new PathHealth(j.to(), old.since(), j.active()));
            return;
        }
        states.put(name, new PathHealth(j.to(), now, j.active()));
        log.info("path {} is now {} (was {}){}", name, j.to(), j.from(),
                j.active().isEmpty() ? "" : ": " + String.join("; ", j.active().stream().map(RuleFiring::text).toList()));
        PathTransition t = new PathTransition(name, j.from(), j.to(), now, j.active(), j.cleared());
        for (HealthListener l : listeners) {
            try {
                l.stateChanged(t);
            } catch (RuntimeException e) {
                log.error("health listener failed on {}", t, e);
            }
        }
    }

    public PathHealth health(String path) {
        return states.getOrDefault(path, new PathHealth(PathState.UNKNOWN, clock.instant(), List.of()));
    }

    /** The path's learned baselines by figure; empty for an unknown path or one without relative rules. */
    public Map<String, BaselineView> baselines(String path) {
        PathJudge judge = judges.get(path);
        return judge == null ? Map.of() : judge.baselines();
    }

    public List<String> paths() {
        return List.copyOf(judges.keySet());
    }
}
