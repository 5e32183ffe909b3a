package io.pathwatch.probe;

import io.netty.channel.EventLoop;
import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.CycleRunner;
import io.pathwatch.path.LoopLagListener;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListeners;
import java.util.ArrayList;
import java.util.List;
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
public final class ProbeScheduler implements SmartLifecycle, CycleRunner, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);

    private final ProbeClient client;
    private final List<PathSpec> paths;
    private final ProbeListeners listeners;
    private final Supplier<LoopLagListener> loopLag;
    private final LoopLagMonitor monitor = new LoopLagMonitor();
    private final List<PathSchedule> schedules = new ArrayList<>();
    private volatile boolean running;
    private boolean closed;

    public ProbeScheduler(ProbeClient client, List<PathSpec> paths, ProbeListeners listeners) {
        this(client, paths, listeners, () -> LoopLagListener.NONE);
    }

    /** @param loopLag gives each probe event loop the listener its lag goes to */
    public ProbeScheduler(ProbeClient client, List<PathSpec> paths, ProbeListeners listeners, Supplier<LoopLagListener> loopLag) {
        this.client = client;
        this.paths = List.copyOf(paths);
        this.listeners = listeners;
        this.loopLag = loopLag;
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
        monitor.start(client.loops(), loopLag);
        running = true;
        log.info("probing {} path(s)", n);
    }

    @Override
    public synchronized void stop() {
        monitor.stop();
        schedules.forEach(PathSchedule::stop);
        schedules.clear();
        if (!closed) {
            closed = true;
            client.close();
        }
        running = false;
    }

    /** One cycle now, on the path's usual event loop group, reported to nobody but the caller. */
    @Override
    public CompletableFuture<CycleOutcome> runNow(String name) {
        PathSpec path = paths.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no path named " + name));
        synchronized (this) {
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
