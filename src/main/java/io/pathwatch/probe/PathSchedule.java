package io.pathwatch.probe;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timing of one path: a cycle every {@code interval} at a fixed phase, and its stream (a
 * connect-mode path has none: its far end answers no heartbeat). The
 * lag of each start against its intended time is measured and reported with the cycle. Cycles
 * may overlap while a slow one waits for its timeout, up to a bound; a start beyond the bound is
 * skipped and reported as such rather than queued.
 */
final class PathSchedule {

    private static final Logger log = LoggerFactory.getLogger(PathSchedule.class);

    private final ProbeClient client;
    private final PathSpec path;
    private final EventLoop loop;
    private final ProbeListener listener;
    private final StreamKeeper stream;
    private final CycleInquiries inquiries;
    private final long interval;
    private final int maxInFlight;
    private ScheduledFuture<?> ticker;
    private long first;
    private long ticks;
    private int inFlight;
    private boolean failing;

    PathSchedule(ProbeClient client, PathSpec path, EventLoop loop, ProbeListener listener) {
        this.client = client;
        this.path = path;
        this.loop = loop;
        this.listener = listener;
        this.interval = path.settings().interval().toNanos();
        this.stream = path.streams() ? new StreamKeeper(client, path, loop, listener) : null;
        this.inquiries = new CycleInquiries(client, path, loop, listener::stallAttributed);
        long worstCycle = path.settings().timeout().toNanos() * 2;
        this.maxInFlight = (int) Math.max(1, Math.min(16, worstCycle / interval + 1));
    }

    void start(long phaseNanos) {
        loop.execute(() -> {
            first = System.nanoTime() + phaseNanos;
            ticker = loop.scheduleAtFixedRate(this::tick, phaseNanos, interval, TimeUnit.NANOSECONDS);
        });
        if (stream != null) {
            stream.start(phaseNanos);
        }
    }

    void stop() {
        loop.execute(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
            inquiries.stop();
        });
        if (stream != null) {
            stream.stop();
        }
    }

    private void tick() {
        try {
            startCycle();
        } catch (Throwable e) { // a periodic task that throws is never run again: log, keep the schedule
            if (!failing) {
                failing = true;
                log.error("path {}: starting a probe cycle failed (logged once until one starts again)", path.name(), e);
            }
        }
    }

    private void startCycle() {
        long lag = Math.max(0, System.nanoTime() - (first + ticks * interval));
        ticks++;
        if (inFlight >= maxInFlight) {
            listener.cycleSkipped(lag);
            return;
        }
        inFlight++;
        new ProbeCycle(client, path, loop, lag, this::completed, inquiries).start();
        failing = false;
    }

    private void completed(CycleOutcome outcome) {
        inFlight--;
        listener.cycleCompleted(outcome);
    }
}
