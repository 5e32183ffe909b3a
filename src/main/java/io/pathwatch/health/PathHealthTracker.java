package io.pathwatch.health;

import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowListener;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps every path's {@link PathHealth}, judging each window as it is sealed. */
public final class PathHealthTracker implements WindowListener {

    private static final Logger log = LoggerFactory.getLogger(PathHealthTracker.class);

    private final Clock clock;
    private final Map<String, PathHealth> states = new ConcurrentHashMap<>();

    public PathHealthTracker(StatsRegistry registry, Clock clock) {
        this.clock = clock;
        registry.all().forEach(s -> states.put(s.path().name(), new PathHealth(PathState.UNKNOWN, clock.instant(), List.of())));
        registry.addWindowListener(this);
    }

    @Override
    public void windowSealed(PathStats stats, WindowSnapshot window) {
        WindowJudge.Verdict verdict = WindowJudge.judge(window);
        String name = stats.path().name();
        states.compute(name, (k, old) -> {
            if (old != null && old.state() == verdict.state()) {
                return new PathHealth(old.state(), old.since(), verdict.reasons());
            }
            log.info("path {} is now {}{}", name, verdict.state(), verdict.reasons().isEmpty() ? "" : " " + verdict.reasons());
            return new PathHealth(verdict.state(), clock.instant(), verdict.reasons());
        });
    }

    public PathHealth health(String path) {
        return states.getOrDefault(path, new PathHealth(PathState.UNKNOWN, clock.instant(), List.of()));
    }
}
