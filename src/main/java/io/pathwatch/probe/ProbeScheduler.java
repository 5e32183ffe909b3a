package io.pathwatch.probe;

import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListeners;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the timing of every path. Paths are spread over the event loops and their phases spread
 * over the interval, so thousands of paths do not start their cycles in the same millisecond; a
 * slow or dead path only ever waits on its own timers, so it never delays another.
 */
public final class ProbeScheduler implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);

    private final ProbeClient client;
    private final List<PathSpec> paths;
    private final ProbeListeners listeners;
    private final List<PathSchedule> schedules = new ArrayList<>();
    private volatile boolean running;
    private boolean closed;

    public ProbeScheduler(ProbeClient client, List<PathSpec> paths, ProbeListeners listeners) {
        this.client = client;
        this.paths = List.copyOf(paths);
        this.listeners = listeners;
    }

    @Override
    public synchronized void start() {
        int n = paths.size();
        for (int i = 0; i < n; i++) {
            PathSpec path = paths.get(i);
            PathSchedule schedule = new PathSchedule(client, path, client.nextLoop(), listeners.forPath(path));
            schedule.start(path.settings().interval().toNanos() * i / n);
            schedules.add(schedule);
        }
        running = true;
        log.info("probing {} path(s)", n);
    }

    @Override
    public synchronized void stop() {
        schedules.forEach(PathSchedule::stop);
        schedules.clear();
        if (!closed) {
            closed = true;
            client.close();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        stop();
    }
}
