package io.pathwatch.probe;

import io.netty.channel.EventLoop;
import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.CycleRunner;
import io.pathwatch.path.LoopLagListener;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListeners;
import io.pathwatch.path.PathLifecycle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the timing of every path. Paths are spread over the event loops and their phases spread
 * over the interval, so thousands of paths do not start their cycles in the same millisecond; a
 * slow or dead path only ever waits on its own timers, so it never delays another.
 */
public final class ProbeScheduler implements SmartLifecycle, CycleRunner, PathLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);

    private final ProbeClient client;
    /** The paths probed now, by name; changed by reloads on another thread, so every access holds the scheduler's lock. */
    private final Map<String, PathSpec> paths = new LinkedHashMap<>();
    private final ProbeListeners listeners;
    private final Supplier<LoopLagListener> loopLag;
    private final LoopLagMonitor monitor = new LoopLagMonitor();
    private final Map<String, PathSchedule> schedules = new LinkedHashMap<>();
    private volatile boolean running;
    private boolean closed;

    public ProbeScheduler(ProbeClient client, List<PathSpec> paths, ProbeListeners listeners) {
        this(client, paths, listeners, () -> LoopLagListener.NONE);
    }

    /** @param loopLag gives each probe event loop the listener its lag goes to */
    public ProbeScheduler(ProbeClient client, List<PathSpec> paths, ProbeListeners listeners, Supplier<LoopLagListener> loopLag) {
        this.client = client;
        paths.forEach(p -> this.paths.put(p.name(), p));
        this.listeners = listeners;
        this.loopLag = loopLag;
    }

    @Override
    public synchronized void start() {
        int n = paths.size();
        int i = 0;
        for (PathSpec path : paths.values()) {
            begin(path, path.settings().interval().toNanos() * i++ / n);
        }
        monitor.start(client.loops(), loopLag);
        running = true;
        log.info("probing {} path(s)", n);
    }

    @Override
    public synchronized void stop() {
        monitor.stop();
        schedules.values().forEach(PathSchedule::stop);
        schedules.clear();
        if (!closed) {
            closed = true;
            client.close();
        }
        running = false;
    }

    private void begin(PathSpec path, long phaseNanos) {
        PathSchedule schedule = new PathSchedule(client, path, client.nextLoop(), listeners.forPath(path));
        schedule.start(phaseNanos);
        schedules.put(path.name(), schedule);
    }

    /**
     * Starts probing a path that joined while running. Its phase is drawn at random within its
     * interval, so paths a reload adds together do not all start their cycles in one millisecond.
     */
    @Override
    public synchronized void pathAdded(PathSpec path) {
        client.prepare(path);
        paths.put(path.name(), path);
        if (running) {
            begin(path, java.util.concurrent.ThreadLocalRandom.current().nextLong(path.settings().interval().toNanos()));
        }
    }

    /** Stops the path's cycles and closes its stream; a cycle in flight ends by itself and reports to nobody who still listens. */
    @Override
    public synchronized void pathRemoved(PathSpec path, String reason) {
        paths.remove(path.name());
        PathSchedule schedule = schedules.remove(path.name());
        if (schedule != null) {
            schedule.stop();
        }
        client.keepOnly(paths.values());
        log.info("stopped probing path {} ({})", path.name(), reason);
    }

    /** Tags are not part of what is probed: the schedule and its stream go on untouched. */
    @Override
    public synchronized void pathRetagged(PathSpec path) {
        paths.put(path.name(), path);
    }

    /** Connections opened from now on prove this secret (a reload changed it). */
    public void useSecret(String secret, String previousSecret) {
        client.useSecret(secret, previousSecret);
    }

    /** The paths probed now. */
    public synchronized List<PathSpec> paths() {
        return List.copyOf(paths.values());
    }

    /**
     * One cycle now, on the path's usual event loop group, reported to nobody but the caller. Needs
     * no {@link #start()}: outside Spring (a one-shot command line) build a {@link ProbeClient} and
     * a scheduler over the paths, call this per cycle, then {@link #close()}. A path with
     * {@code ProbeMode.CONNECT} gets a connect-only cycle; its outcome carries the address used.
     */
    @Override
    public CompletableFuture<CycleOutcome> runNow(String name) {
        PathSpec path;
        synchronized (this) {
            path = paths.get(name);
            if (path == null) {
                throw new IllegalArgumentException("no path named " + name);
            }
            if (closed) {
                throw new IllegalStateException("probing has stopped");
            }
        }
        CompletableFuture<CycleOutcome> result = new CompletableFuture<>();
        EventLoop loop = client.nextLoop();
        try {
            loop.execute(() -> {
                try {
                    new ProbeCycle(client, path, loop, 0, result::complete, CycleInquiries.NONE).start();
                } catch (Throwable e) { // the caller waits on this future: it must end, also when the cycle cannot start
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("probing has stopped", e);
        }
        return result;
    }

    /** The probe event loops (tests load them to show what an overloaded prober does). */
    Iterable<io.netty.util.concurrent.EventExecutor> loops() {
        return client.loops();
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
