package io.pathwatch.stats;

import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeListeners;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
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

    private final Map<String, PathStats> byName = new LinkedHashMap<>();
    private final List<WindowListener> listeners = new CopyOnWriteArrayList<>();
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
        this.agent = new AgentStats(nanoClock, AGENT_WINDOW, new LocalErrors(nanoClock, wallClock));
        for (PathSpec p : paths) {
            byName.put(p.name(), new PathStats(p, nanoClock, wallClock, agent.localErrors()));
        }
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

    /** One harvest of every path; public for tests that drive time themselves. */
    public synchronized void harvestAll() {
        for (PathStats stats : byName.values()) {
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
            agent.harvest(byName.values());
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
                continue;
            }
            String identity = stats.path().identity();
            if (!identity.equals(e.getValue().identity())) {
                log.info("path {} now probes {} (its kept history was of {}); its history is not restored", e.getKey(), identity,
                        e.getValue().identity());
                continue;
            }
            List<SealedWindow> restored = new ArrayList<>();
            for (HistoryStore.StoredWindow w : e.getValue().windows()) {
                try {
                    restored.add(SealedWindow.decode(nowNanos - (nowEpochNanos - w.startEpochNanos()),
                            nowNanos - (nowEpochNanos - w.endEpochNanos()), w.data()));
                } catch (RuntimeException bad) {
                    log.warn("a kept window of path {} cannot be read ({}); skipped", e.getKey(), bad.toString());
                }
            }
            stats.restore(restored);
            windows += stats.sealedWindows().size();
        }
        if (windows > 0) {
            log.info("restored {} sealed window(s) of history from {}", windows, history.file());
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
