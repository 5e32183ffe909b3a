package io.pathwatch.stats;

import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeListeners;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * (the reader side of the recorders; probes never wait for it).
 */
public final class StatsRegistry implements ProbeListeners, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatsRegistry.class);
    static final long HARVEST_MILLIS = 1000;

    private final Map<String, PathStats> byName = new LinkedHashMap<>();
    private final List<WindowListener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService thread;

    public StatsRegistry(List<PathSpec> paths) {
        this(paths, System::nanoTime, Clock.systemUTC());
    }

    StatsRegistry(List<PathSpec> paths, LongSupplier nanoClock, Clock wallClock) {
        for (PathSpec p : paths) {
            byName.put(p.name(), new PathStats(p, nanoClock, wallClock));
        }
    }

    @Override
    public ProbeListener forPath(PathSpec path) {
        PathStats stats = byName.get(path.name());
        if (stats == null) {
            throw new IllegalArgumentException("no statistics for path " + path.name());
        }
        return stats;
    }

    public Optional<PathStats> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<PathStats> all() {
        return byName.values();
    }

    public void addWindowListener(WindowListener listener) {
        listeners.add(listener);
    }

    /** One harvest of every path; public for tests that drive time themselves. */
    public void harvestAll() {
        for (PathStats stats : byName.values()) {
            try {
                if (stats.harvest()) {
                    WindowSnapshot window = stats.lastWindow();
                    listeners.forEach(l -> l.windowSealed(stats, window));
                }
            } catch (RuntimeException e) {
                log.error("harvesting path {} failed", stats.path().name(), e);
            }
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
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
