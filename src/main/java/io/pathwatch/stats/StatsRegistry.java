package io.pathwatch.stats;

import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeListeners;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every path's {@link PathStats}, and the one stats thread that harvests them every second
 * (the reader side of the recorders; probes never wait for it). With a history file, the hour
 * of sealed windows is written there when it stops and read back when it is created.
 */
public final class StatsRegistry implements ProbeListeners, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatsRegistry.class);
    static final long HARVEST_MILLIS = 1000;
    /** The agent's own figures are kept in windows of the default path window. */
    static final java.time.Duration AGENT_WINDOW = java.time.Duration.ofSeconds(10);

    /** Replaced whole when the paths change, so readers on any thread see one consistent set. */
    private volatile Map<String, PathStats> byName = Map.of();
    private final List<WindowListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PathLifecycle> lifecycle = new CopyOnWriteArrayList<>();
    private final LongSupplier nanoClock;
    private final Clock wallClock;
    /** Kept history of paths not configured at start-up, by name, until they join (confined to the registry's lock). */
    private final Map<String, HistoryStore.StoredPath> unclaimed = new java.util.HashMap<>();
    private final HistoryStore history;
    private final AgentStats agent;
    private final Set<String> failing = new HashSet<>();
    private ScheduledExecutorService thread;

    public StatsRegistry(List<PathSpec> paths) {
        this(paths, null);
    }

    /** @param historyFile where sealed windows are kept across restarts; null for none */
    public StatsRegistry(List<PathSpec> paths, Path historyFile) {
        this(paths, System::nanoTime, Clock.systemUTC(), historyFile);
    }

    StatsRegistry(List<PathSpec> paths, LongSupplier nanoClock, Clock wallClock) {
        this(paths, nanoClock, wallClock, null);
    }

    StatsRegistry(List<PathSpec> paths, LongSupplier nanoClock, Clock wallClock, Path historyFile) {
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.agent = new AgentStats(nanoClock, AGENT_WINDOW, new LocalErrors(nanoClock, wallClock));
        Map<String, PathStats> initial = new LinkedHashMap<>();
        for (PathSpec p : paths) {
            initial.put(p.name(), new PathStats(p, nanoClock, wallClock, agent.localErrors()));
        }
        this.byName = Collections.unmodifiableMap(initial);
        this.history = historyFile == null ? null : new HistoryStore(historyFile);
        if (history != null) {
            restore(nanoClock.getAsLong(), HistoryStore.epochNanos(wallClock.instant()));
        }
    }

    @Override
    public ProbeListener forPath(PathSpec path) {
        PathStats stats = byName.get(path.name());
        if (stats == null) {
            throw new IllegalArgumentException("no statistics for path " + path.name());
        }
        return stats.recorder();
    }

    public Optional<PathStats> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<PathStats> all() {
        return byName.values();
    }

    /** The prober's own lag, trust and local errors. */
    public AgentStats agent() {
        return agent;
    }

    public void addWindowListener(WindowListener listener) {
        listeners.add(listener);
    }

    /** Told of every path that joins or leaves after start-up (those present at start-up are in {@link #all()}). */
    public void addLifecycleListener(PathLifecycle listener) {
        lifecycle.add(listener);
    }

    /**
     * Makes {@code paths} the set this agent measures, changing only what differs. An added path
     * starts with empty figures; a removed one is forgotten; one whose target, TLS or probe
     * settings changed starts again from nothing (its figures described another path); one whose
     * tags alone changed keeps everything; every other path is not touched at all. Runs under the
     * harvest's lock, so no window is sealed while the set changes.
     */
    public synchronized PathChanges apply(List<PathSpec> paths) {
        Map<String, PathStats> old = byName;
        Map<String, PathStats> next = new LinkedHashMap<>();
        List<PathSpec> added = new ArrayList<>();
        List<PathStats> restarted = new ArrayList<>();
        List<PathSpec> retagged = new ArrayList<>();
        for (PathSpec p : paths) {
            PathStats was = old.get(p.name());
            if (was != null && was.path().equals(p)) {
                next.put(p.name(), was);
            } else if (was != null && p.withTags(was.path().tags()).equals(was.path())) {
                was.retag(p);
                retagged.add(p);
                next.put(p.name(), was);
            } else {
                if (was != null) {
                    restarted.add(was);
                } else {
                    added.add(p);
                }
                PathStats fresh = new PathStats(p, nanoClock, wallClock, agent.localErrors());
                if (was == null && history != null) {
                    claimHistory(fresh);
                }
                next.put(p.name(), fresh);
            }
        }
        List<PathStats> removed = old.values().stream().filter(s -> !next.containsKey(s.path().name())).toList();
        byName = Collections.unmodifiableMap(next);
        removed.forEach(s -> failing.remove(s.path().name()));
        for (PathStats s : removed) {
            tell(l -> l.pathRemoved(s.path(), PathChanges.REMOVED), s.path());
        }
        for (PathStats s : restarted) {
            PathSpec now = next.get(s.path().name()).path();
            tell(l -> l.pathRestarted(s.path(), now, PathChanges.changedReason(s.path(), now)), now);
        }
        for (PathSpec p : added) {
            tell(l -> l.pathAdded(p), p);
        }
        for (PathSpec p : retagged) {
            tell(l -> l.pathRetagged(p), p);
        }
        PathChanges changes = new PathChanges(added.stream().map(PathSpec::name).toList(), removed.stream().map(s -> s.path().name()).toList(),
                restarted.stream().map(s -> s.path().name()).toList(), retagged.stream().map(PathSpec::name).toList());
        if (!changes.none()) {
            log.info("paths changed: {}", changes);
        }
        return changes;
    }

    /** One follower that fails must not leave the others behind: each is told, and a failure is logged. */
    private void tell(java.util.function.Consumer<PathLifecycle> event, PathSpec path) {
        for (PathLifecycle l : lifecycle) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.error("{} could not follow a change of path {}", l.getClass().getSimpleName(), path.name(), e);
            }
        }
    }

    /** One harvest of every path; public for tests that drive time themselves. */
    public synchronized void harvestAll() {
        Map<String, PathStats> current = byName;
        for (PathStats stats : current.values()) {
            String name = stats.path().name();
            try {
                if (stats.harvest()) {
                    WindowSnapshot window = stats.lastWindow();
                    for (WindowListener l : listeners) {
                        l.windowSealed(stats, window);
                    }
                }
                if (failing.remove(name)) {
                    log.info("harvesting path {} works again", name);
                }
            } catch (Throwable e) { // a periodic task that throws is never run again: keep every other path going
                if (failing.add(name)) {
                    log.error("harvesting path {} failed (logged once until it works again)", name, e);
                }
            }
        }
        try {
            agent.harvest(current.values());
            failing.remove("");
        } catch (Throwable e) {
            if (failing.add("")) {
                log.error("harvesting the agent's own figures failed (logged once until it works again)", e);
            }
        }
    }

    private void restore(long nowNanos, long nowEpochNanos) {
        Map<String, HistoryStore.StoredPath> saved = history.load();
        int windows = 0;
        for (Map.Entry<String, HistoryStore.StoredPath> e : saved.entrySet()) {
            PathStats stats = byName.get(e.getKey());
            if (stats == null) {
                // a path that joins later (found by discovery, or added back by a reload) takes it then, if it is still of use
                if (recent(e.getValue(), nowEpochNanos)) {
                    unclaimed.put(e.getKey(), e.getValue());
                }
                continue;
            }
            windows += restore(stats, e.getValue(), nowNanos, nowEpochNanos);
        }
        if (windows > 0) {
            log.info("restored {} sealed window(s) of history from {}", windows, history.file());
        }
    }

    private int restore(PathStats stats, HistoryStore.StoredPath stored, long nowNanos, long nowEpochNanos) {
        String name = stats.path().name();
        String identity = stats.path().identity();
        if (!identity.equals(stored.identity())) {
            log.info("path {} now probes {} (its kept history was of {}); its history is not restored", name, identity, stored.identity());
            return 0;
        }
        List<SealedWindow> restored = new ArrayList<>();
        for (HistoryStore.StoredWindow w : stored.windows()) {
            try {
                restored.add(SealedWindow.decode(nowNanos - (nowEpochNanos - w.startEpochNanos()),
                        nowNanos - (nowEpochNanos - w.endEpochNanos()), w.data()));
            } catch (RuntimeException bad) {
                log.warn("a kept window of path {} cannot be read ({}); skipped", name, bad.toString());
            }
        }
        stats.restore(restored);
        return stats.sealedWindows().size();
    }

    /** Whether any of the path's kept windows ended within the last hour (older ones are never shown again). */
    private static boolean recent(HistoryStore.StoredPath stored, long nowEpochNanos) {
        return stored.windows().stream().anyMatch(w -> nowEpochNanos - w.endEpochNanos() < PathStats.HISTORY.toNanos());
    }

    /** The history kept before the restart for a path that joined only now (what is older than an hour by now, {@link PathStats#restore} leaves out). */
    private void claimHistory(PathStats stats) {
        HistoryStore.StoredPath stored = unclaimed.remove(stats.path().name());
        if (stored == null) {
            return;
        }
        int windows = restore(stats, stored, nanoClock.getAsLong(), HistoryStore.epochNanos(wallClock.instant()));
        if (windows > 0) {
            log.info("path {} joined: restored {} sealed window(s) of its history from before the restart", stats.path().name(), windows);
        }
    }

    /** Writes every path's sealed windows to the history file (no-op without one). */
    public synchronized void saveHistory() {
        if (history == null) {
            return;
        }
        Map<String, HistoryStore.StoredPath> out = new LinkedHashMap<>();
        for (PathStats stats : byName.values()) {
            long nowNanos = stats.nanoTime();
            long nowEpoch = HistoryStore.epochNanos(stats.wallTime());
            List<HistoryStore.StoredWindow> windows = new ArrayList<>();
            for (SealedWindow w : stats.sealedWindows()) {
                windows.add(new HistoryStore.StoredWindow(nowEpoch - (nowNanos - w.startNanos), nowEpoch - (nowNanos - w.endNanos), w.bytes()));
            }
            out.put(stats.path().name(), new HistoryStore.StoredPath(stats.path().identity(), windows));
        }
        // a path that has not joined again yet (discovery had not found it) keeps what it had, for the hour it is of use
        long nowEpoch = HistoryStore.epochNanos(wallClock.instant());
        unclaimed.values().removeIf(stored -> !recent(stored, nowEpoch));
        unclaimed.forEach(out::putIfAbsent);
        try {
            history.save(out);
        } catch (IOException e) {
            log.warn("history could not be written to {}: {}", history.file(), e.toString());
        }
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pathwatch-stats");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleAtFixedRate(this::harvestAll, HARVEST_MILLIS, HARVEST_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.shutdown();
            try {
                t.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            saveHistory();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
