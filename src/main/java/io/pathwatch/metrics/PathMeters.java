package io.pathwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.stats.AgentStats;
import io.pathwatch.stats.LastWindow;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.Samples;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowListener;
import io.pathwatch.stats.WindowSnapshot;
import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The per-path meters, fed from each sealed window (on the stats thread): the window's RTT and
 * connect samples into histogram timers (so {@code histogram_quantile} works across agents),
 * its counts into counters, its jitter, spread, loss and schedule lag into gauges. The values
 * come from our own windows, summarised once when sealed, never from the probes. A hang counts
 * while it lasts: its time goes into {@code pathwatch.hang.duration} window by window, and
 * {@code pathwatch.hang.open} shows the open one's duration so far, live. Once a hang's cause
 * is settled it counts in {@code pathwatch.hangs.attributed{cause}} (failed cycles in
 * {@code pathwatch.cycles.attributed{cause}}); the kernel's smoothed RTT goes into
 * {@code pathwatch.rtt.kernel}. None of these reach CloudWatch: its registry holds only the
 * heartbeat, and its datums come from {@link StepFigures}. The agent's own loop lag goes into
 * {@code pathwatch.agent.loop.lag}.
 */
final class PathMeters implements MeterBinder, WindowListener, PathLifecycle {

    private static final Duration LOWEST = Duration.ofMillis(1).dividedBy(20);
    private static final Duration HIGHEST = Duration.ofSeconds(60);

    private final StatsRegistry stats;
    private final Map<String, Meters> byPath = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    PathMeters(StatsRegistry stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (PathStats p : stats.all()) {
            register(p, registry);
        }
        Gauge.builder(MeterNames.HEARTBEAT, () -> 1).description("1 while this agent runs").register(registry);
        Timer loopLag = Timer.builder(MeterNames.LOOP_LAG).description("how late a periodic task on the probe event loops ran (the prober's own lag)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1).dividedBy(100)).maximumExpectedValue(HIGHEST)
                .register(registry);
        stats.agent().addListener(w -> record(loopLag, w.loopLagMicros()));
    }

    /** A path's meters; each is remembered with the path, so a path that leaves takes all of them along. */
    private void register(PathStats p, MeterRegistry registry) {
        String path = p.path().name();
        Meters m = new Meters(
                distribution(MeterNames.RTT, "echo round trip of the probe cycles", path, registry),
                distribution(MeterNames.CONNECT, "TCP connect time of the probe cycles", path, registry),
                distribution(MeterNames.KERNEL_RTT, "the kernel's smoothed RTT of the stream's connection (TCP_INFO), about once a second",
                        path, registry),
                Counter.builder(MeterNames.HANGS).description("stream hangs, counted when detected").tag(MeterNames.TAG_PATH, path).register(registry),
                Counter.builder(MeterNames.HANG_DURATION).baseUnit("seconds")
                        .description("time the stream spent hung, added window by window while a hang lasts")
                        .tag(MeterNames.TAG_PATH, path).register(registry),
                Counter.builder(MeterNames.STREAM_DISCONNECTS).description("stream disconnects").tag(MeterNames.TAG_PATH, path).register(registry),
                Counter.builder(MeterNames.LATE).description("heartbeats answered after the timeout (counted, with their true RTT; not lost)")
                        .tag(MeterNames.TAG_PATH, path).register(registry),
                Counter.builder(MeterNames.UNTRUSTED).description("windows whose figures the prober's own lag may have distorted; "
                        + "their latencies are left out of the rtt and connect meters").tag(MeterNames.TAG_PATH, path).register(registry));
        // base units (seconds), as Prometheus' conventions ask and promtool checks: the windows keep milliseconds
        m.own(gauge(MeterNames.RTT_P50, "rtt p50 of the last window, exact", "seconds", path, m, seconds(trusted(w -> w.rtt().p50())), registry));
        m.own(gauge(MeterNames.RTT_P99, "rtt p99 of the last window, exact", "seconds", path, m, seconds(trusted(w -> w.rtt().p99())), registry));
        m.own(gauge(MeterNames.JITTER, "RFC 3550 jitter of the stream, last window", "seconds", path, m,
                seconds(trusted(WindowSnapshot::jitterMs)), registry));
        m.own(gauge(MeterNames.SPREAD, "rtt p99 - p50, last window", "seconds", path, m, seconds(trusted(WindowSnapshot::spreadMs)), registry));
        m.own(gauge(MeterNames.LOSS, "lost echoes and heartbeats / decided, last window", "ratio", path, m, trusted(WindowSnapshot::lossRatio),
                registry));
        m.own(gauge(MeterNames.SCHEDULE_LAG, "how late cycles started, p99 of the last window", "seconds", path, m,
                seconds(w -> w.scheduleLag().p99()), registry));
        m.own(Gauge.builder(MeterNames.HANG_OPEN, p, PathStats::openHangSeconds).baseUnit("seconds")
                .description("how long the open hang has lasted so far; 0 when none is open").tag(MeterNames.TAG_PATH, path).register(registry));
        byPath.put(path, m);
    }

    @Override
    public void pathAdded(PathSpec path) {
        MeterRegistry r = registry;
        if (r != null) {
            stats.get(path.name()).ifPresent(p -> register(p, r));
        }
    }

    /** Its series end: a removed path must not go on showing its last figures (nor cost a CloudWatch metric). */
    @Override
    public void pathRemoved(PathSpec path, String reason) {
        Meters m = byPath.remove(path.name());
        MeterRegistry r = registry;
        if (m != null && r != null) {
            m.all.forEach(r::remove);
        }
    }

    private static Timer distribution(String name, String description, String path, MeterRegistry registry) {
        return Timer.builder(name).description(description).tag(MeterNames.TAG_PATH, path)
                .publishPercentileHistogram().minimumExpectedValue(LOWEST).maximumExpectedValue(HIGHEST)
                .register(registry);
    }

    /** The figure of a trusted window; none (NaN) for an untrusted one, as in CloudWatch: it may show the prober, not the path. */
    private static Function<WindowSnapshot, Double> trusted(Function<WindowSnapshot, Double> figure) {
        return w -> w.measurement().trusted() ? figure.apply(w) : null;
    }

    private static Function<WindowSnapshot, Double> seconds(Function<WindowSnapshot, Double> millis) {
        return w -> {
            Double ms = millis.apply(w);
            return ms == null ? null : ms / 1000;
        };
    }

    /** A gauge of the last window's figure; NaN (not published) while there is none. */
    private static Gauge gauge(String name, String description, String unit, String path, Meters m, Function<WindowSnapshot, Double> figure,
            MeterRegistry registry) {
        return Gauge.builder(name, m, x -> {
            WindowSnapshot w = x.last;
            Double v = w == null ? null : figure.apply(w);
            return v == null ? Double.NaN : v;
        }).description(description).baseUnit(unit).tag(MeterNames.TAG_PATH, path).register(registry);
    }

    @Override
    public void windowSealed(PathStats stats, WindowSnapshot window) {
        Meters m = byPath.get(stats.path().name());
        if (m == null) {
            return;
        }
        if (window.measurement().trusted()) {
            LastWindow last = stats.last();
            record(m.rtt, last.rtt());
            record(m.connect, last.connect());
        } else {
            // an overloaded prober's latencies would reach the p99 alarms and blame the path
            m.untrusted.increment();
        }
        // the kernel measures it, not our event loop: the prober's own lag cannot distort it
        record(m.kernelRtt, stats.last().kernelRtt());
        m.hangs.increment(window.hangs().started());
        String path = stats.path().name();
        window.hangs().causes().forEach((cause, n) -> attributed(m, m.hangCauses, MeterNames.HANGS_ATTRIBUTED,
                "stream hangs by cause, counted once the cause is settled (after the hang ended)", path, cause, n));
        window.cycleCauses().forEach((cause, n) -> attributed(m, m.cycleCauses, MeterNames.CYCLES_ATTRIBUTED,
                "cycles that failed after connecting by timeout or reset, by cause", path, cause, n));
        m.hangSeconds.increment(window.hangs().totalMs() / 1000.0);
        m.disconnects.increment(window.streamDisconnects());
        m.late.increment(window.late());
        window.errors().forEach((kind, n) -> error(m, stats.path().name(), kind, n));
        // the agent's fault, not the path's, but still worth a graph: kind=local_error beside the path's own kinds
        error(m, stats.path().name(), WindowSnapshot.LOCAL_ERROR_KIND, window.localErrors());
        m.last = window;
    }

    private void attributed(Meters m, Map<String, Counter> byCause, String name, String description, String path, String cause, long n) {
        byCause.computeIfAbsent(cause, c -> m.own(Counter.builder(name).description(description)
                .tags(MeterNames.TAG_PATH, path, MeterNames.TAG_CAUSE, c).register(registry))).increment(n);
    }

    private void error(Meters m, String path, String kind, long n) {
        if (n > 0) {
            m.errors.computeIfAbsent(kind, k -> m.own(Counter.builder(MeterNames.ERRORS)
                    .description("failed probe cycles by kind; kind=local_error is the agent's own fault, not the path's")
                    .tags(MeterNames.TAG_PATH, path, MeterNames.TAG_KIND, k).register(registry))).increment(n);
        }
    }

    /** Every sample of the window, at the µs it is kept at: one pass over its distinct values. */
    private static void record(Timer timer, Samples micros) {
        if (micros == null) {
            return;
        }
        micros.forEach((value, count) -> {
            for (long i = 0; i < count; i++) {
                timer.record(value, TimeUnit.MICROSECONDS);
            }
        });
    }

    /** One path's meters, and the last window the gauges read. */
    private static final class Meters {
        final Timer rtt;
        final Timer connect;
        final Timer kernelRtt;
        final Counter hangs;
        final Counter hangSeconds;
        final Counter disconnects;
        final Counter late;
        final Counter untrusted;
        final Map<String, Counter> errors = new ConcurrentHashMap<>();
        final Map<String, Counter> hangCauses = new ConcurrentHashMap<>();
        final Map<String, Counter> cycleCauses = new ConcurrentHashMap<>();
        volatile WindowSnapshot last;
        final List<Meter> all = new CopyOnWriteArrayList<>();

        Meters(Timer rtt, Timer connect, Timer kernelRtt, Counter hangs, Counter hangSeconds, Counter disconnects, Counter late,
                Counter untrusted) {
            all.addAll(List.of(rtt, connect, kernelRtt, hangs, hangSeconds, disconnects, late, untrusted));
            this.kernelRtt = kernelRtt;
            this.untrusted = untrusted;
            this.rtt = rtt;
            this.connect = connect;
            this.hangs = hangs;
            this.hangSeconds = hangSeconds;
            this.disconnects = disconnects;
            this.late = late;
        }

        <T extends Meter> T own(T meter) {
            all.add(meter);
            return meter;
        }
    }
}
