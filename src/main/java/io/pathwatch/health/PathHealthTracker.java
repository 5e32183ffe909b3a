package io.pathwatch.health;

import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowListener;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every path's {@link PathHealth}, judging each window by the path's rules as it is sealed.
 * Baselines are saved every {@link #SAVE_EVERY} (off the stats thread) and when it closes.
 */
public final class PathHealthTracker implements WindowListener, PathLifecycle, AutoCloseable {

    static final Duration SAVE_EVERY = Duration.ofMinutes(5);
    private static final int MAX_DEPARTED = 1000;
    /** A path gone this long is not coming back with what it learned: its baselines go (a path that returns learns afresh). */
    static final Duration DEPARTED_KEPT = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(PathHealthTracker.class);

    private final Clock clock;
    private final Map<String, PathJudge> judges = new ConcurrentHashMap<>();
    private final Map<String, PathHealth> states = new ConcurrentHashMap<>();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, StateHistory> history = new ConcurrentHashMap<>();
    private final BaselineStore store;
    private final Map<String, String> identities = new ConcurrentHashMap<>();
    private volatile HealthRules rules;
    /** The baselines of a path that left, kept until it comes back: a restart with a new interval measures the same thing. */
    private final Map<String, Departed> departed = new ConcurrentHashMap<>();
    private final long bucketMillis;
    private final ScheduledExecutorService saver;
    /** Touched only on the saver thread. */
    private boolean saveFailing;

    public PathHealthTracker(StatsRegistry registry, HealthRules rules, Clock clock) {
        this.clock = clock;
        this.rules = rules;
        for (PathStats s : registry.all()) {
            track(s.path());
        }
        this.bucketMillis = Math.max(1, rules.baseline().horizon().toMillis() / Baseline.BUCKETS);
        this.store = rules.baseline().store() == null ? null : new BaselineStore(rules.baseline().store());
        if (store != null) {
            // the baselines of a path not configured now wait for it (discovery finds paths only after start-up), and are saved meanwhile
            Map<String, Map<String, Baseline.State>> saved = store.load(bucketMillis, identities, departed, clock.instant());
            judges.forEach((name, judge) -> judge.restoreBaselines(saved.getOrDefault(name, Map.of())));
            saver = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pathwatch-baselines");
                t.setDaemon(true);
                return t;
            });
            saver.scheduleWithFixedDelay(this::saveBaselinesPeriodically, SAVE_EVERY.toMillis(), SAVE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            saver = null;
        }
        registry.addWindowListener(this);
        registry.addLifecycleListener(this);
    }

    private void track(PathSpec p) {
        String name = p.name();
        judges.put(name, new PathJudge(name, rules.of(name), rules.baseline(), p.settings().maxSelfLag().toNanos() / 1e6));
        history.put(name, new StateHistory(p.settings().window()));
        states.put(name, new PathHealth(PathState.UNKNOWN, clock.instant(), List.of()));
        identities.put(name, p.identity());
    }

    @Override
    public synchronized void pathAdded(PathSpec path) {
        track(path);
        Departed kept = departed.remove(path.name());
        if (kept != null && kept.identity().equals(path.identity())) {
            judges.get(path.name()).restoreBaselines(kept.baselines());
        }
    }

    @Override
    public synchronized void pathRemoved(PathSpec path, String reason) {
        String name = path.name();
        PathJudge judge = judges.remove(name);
        history.remove(name);
        states.remove(name);
        identities.remove(name);
        if (judge != null) {
            if (departed.size() >= MAX_DEPARTED) {
                // paths removed for good must not pile up over months of discovery: the one gone longest goes
                departed.entrySet().stream().min(java.util.Comparator.comparing(e -> e.getValue().since()))
                        .ifPresent(oldest -> departed.remove(oldest.getKey()));
            }
            departed.put(name, new Departed(path.identity(), judge.exportBaselines(), clock.instant()));
        }
    }

    /**
     * Judges every path by new rules from the next window on. What a path learned stays: its
     * state, its baselines and the recent verdicts of every rule that did not change.
     */
    public synchronized void setRules(HealthRules next) {
        this.rules = next;
        judges.replaceAll((name, judge) -> judge.rules().equals(next.of(name)) ? judge : judge.withRules(next.of(name)));
    }

    /** A periodic task that throws is never run again: log once per streak and keep saving. */
    private void saveBaselinesPeriodically() {
        try {
            saveBaselines();
            saveFailing = false;
        } catch (Throwable e) {
            if (!saveFailing) {
                saveFailing = true;
                log.error("saving the baselines failed (logged once until it works again)", e);
            }
        }
    }

    /** Writes every path's baselines to the store (a no-op without one). */
    public void saveBaselines() {
        if (store == null) {
            return;
        }
        Map<String, Map<String, Baseline.State>> all = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>(identities);
        judges.forEach((name, judge) -> all.put(name, judge.exportBaselines()));
        java.time.Instant stale = clock.instant().minus(DEPARTED_KEPT);
        departed.values().removeIf(d -> d.since().isBefore(stale));
        departed.forEach((name, d) -> {
            if (!all.containsKey(name)) {
                all.put(name, d.baselines());
                ids.put(name, d.identity());
            }
        });
        store.save(bucketMillis, ids, all);
    }

    @Override
    public void close() {
        if (saver != null) {
            saver.shutdownNow();
        }
        saveBaselines();
    }

    public void addListener(HealthListener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized void windowSealed(PathStats stats, WindowSnapshot window) {
        String name = stats.path().name();
        PathJudge judge = judges.get(name);
        if (judge == null) {
            return;
        }
        Instant now = clock.instant();
        PathJudge.Judgement j = judge.judge(window, now);
        history.get(name).add(now, j.to());
        PathHealth old = states.get(name);
        if (!j.changed()) {
            states.put(name, new PathHealth(j.to(), old.since(), j.active(), j.overloaded()));
            return;
        }
        states.put(name, new PathHealth(j.to(), now, j.active(), j.overloaded()));
        log.atInfo().addKeyValue("path", name).addKeyValue("state", j.to()).addKeyValue("from", j.from()).log("path {} is now {} (was {}){}", name, j.to(), j.from(),
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

    /**
     * One learned baseline of the path, in the figure's unit; NaN for an unknown path, while learning
     * or without a relative rule on the figure. Read at every scrape for every path: nothing is built.
     */
    public double baseline(String path, RuleFigure figure) {
        PathJudge judge = judges.get(path);
        return judge == null ? Double.NaN : judge.baseline(figure);
    }

    /** The path's learned baselines by figure; empty for an unknown path or one without relative rules. */
    public Map<String, BaselineView> baselines(String path) {
        PathJudge judge = judges.get(path);
        return judge == null ? Map.of() : judge.baselines();
    }

    /** The state judged at each sealed window of the path over the last hour, oldest first. */
    public List<StatePoint> states(String path) {
        StateHistory h = history.get(path);
        return h == null ? List.of() : h.points();
    }

    public List<String> paths() {
        return List.copyOf(judges.keySet());
    }
}
