package io.pathwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pathwatch.stats.Figure;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowListener;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The per-path meters, fed from each sealed window (on the stats thread): the window's RTT and
 * connect samples into histogram timers (so {@code histogram_quantile} works across agents),
 * its counts into counters, its jitter, spread, loss and schedule lag into gauges. The values
 * come from our own interval histograms, never from the probes.
 */
final class PathMeters implements MeterBinder, WindowListener {

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
            String path = p.path().name();
            Meters m = new Meters(
                    distribution(MeterNames.RTT, "echo round trip of the probe cycles", path, registry),
                    distribution(MeterNames.CONNECT, "TCP connect time of the probe cycles", path, registry),
                    Counter.builder(MeterNames.HANGS).description("stream hangs (counted when they end)").tag(MeterNames.TAG_PATH, path).register(registry),
                    Counter.builder(MeterNames.HANG_DURATION).baseUnit("seconds").description("time the stream spent hung")
                            .tag(MeterNames.TAG_PATH, path).register(registry),
                    Counter.builder(MeterNames.STREAM_DISCONNECTS).description("stream disconnects").tag(MeterNames.TAG_PATH, path).register(registry));
            byPath.put(path, m);
            gauge(MeterNames.JITTER, "RFC 3550 jitter of the stream, last window", "milliseconds", path, m, WindowSnapshot::jitterMs, registry);
            gauge(MeterNames.SPREAD, "rtt p99 - p50, last window", "milliseconds", path, m, WindowSnapshot::spreadMs, registry);
            gauge(MeterNames.LOSS, "lost echoes and heartbeats / sent, last window", "ratio", path, m, WindowSnapshot::lossRatio, registry);
            gauge(MeterNames.SCHEDULE_LAG, "how late cycles started, p99 of the last window", "milliseconds", path, m,
                    w -> w.scheduleLag().p99(), registry);
        }
        Gauge.builder(MeterNames.HEARTBEAT, () -> 1).description("1 while this agent runs").register(registry);
    }

    private static Timer distribution(String name, String description, String path, MeterRegistry registry) {
        return Timer.builder(name).description(description).tag(MeterNames.TAG_PATH, path)
                .publishPercentileHistogram().minimumExpectedValue(LOWEST).maximumExpectedValue(HIGHEST)
                .register(registry);
    }

    /** A gauge of the last window's figure; NaN (not published) while there is none. */
    private static void gauge(String name, String description, String unit, String path, Meters m, Function<WindowSnapshot, Double> figure,
            MeterRegistry registry) {
        Gauge.builder(name, m, x -> {
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
        record(m.rtt, stats.lastWindowMicros(Figure.RTT));
        record(m.connect, stats.lastWindowMicros(Figure.CONNECT));
        m.hangs.increment(window.hangs().count());
        m.hangSeconds.increment(window.hangs().totalMs() / 1000.0);
        m.disconnects.increment(window.streamDisconnects());
        window.errors().forEach((kind, n) -> {
            if (n > 0) {
                m.errors.computeIfAbsent(kind, k -> Counter.builder(MeterNames.ERRORS).description("failed probe cycles by kind")
                        .tags(MeterNames.TAG_PATH, stats.path().name(), MeterNames.TAG_KIND, k).register(registry)).increment(n);
            }
        });
        m.last = window;
    }

    /** Every sample of the window, at the µs its histogram holds. */
    private static void record(Timer timer, Histogram micros) {
        if (micros == null) {
            return;
        }
        for (HistogramIterationValue v : micros.recordedValues()) {
            for (long i = 0; i < v.getCountAtValueIteratedTo(); i++) {
                timer.record(v.getValueIteratedTo(), TimeUnit.MICROSECONDS);
            }
        }
    }

    /** One path's meters, and the last window the gauges read. */
    private static final class Meters {
        final Timer rtt;
        final Timer connect;
        final Counter hangs;
        final Counter hangSeconds;
        final Counter disconnects;
        final Map<String, Counter> errors = new ConcurrentHashMap<>();
        volatile WindowSnapshot last;

        Meters(Timer rtt, Timer connect, Counter hangs, Counter hangSeconds, Counter disconnects) {
            this.rtt = rtt;
            this.connect = connect;
            this.hangs = hangs;
            this.hangSeconds = hangSeconds;
            this.disconnects = disconnects;
        }
    }
}
