package io.pathwatch.stats;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * All figures of one path. Probes write through {@link ProbeListener} without locks: values go
 * into HdrHistogram {@link Recorder}s (microseconds, 3 significant digits), counts into
 * {@link IntervalCounters} swapped under a {@link WriterReaderPhaser}. The stats thread calls
 * {@link #harvest()} every second: it moves what was recorded into the current window and, every
 * {@code window}, seals that window into a ring that holds an hour. Queries merge the sealed
 * windows they need with the current one.
 */
public final class PathStats implements ProbeListener {

    /** Values above this are recorded as this: 60 s in microseconds. */
    static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);
    static final Duration HISTORY = Duration.ofHours(1);
    private static final double NANOS_PER_MS = 1_000_000.0;

    private final PathSpec path;
    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private final long windowNanos;
    private final int ringSize;
    private final Recorder[] recorders = new Recorder[Figure.SIZE];
    private final Histogram[] recycled = new Histogram[Figure.SIZE];
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile IntervalCounters activeCounters = new IntervalCounters();
    private IntervalCounters spareCounters = new IntervalCounters();

    // Written only by the event loop that owns the path's stream.
    private double jitterNanos;
    private long previousStreamRtt = -1;
    private volatile boolean streamConnected;
    private volatile long streamSinceEpochNanos;
    private volatile long disconnectsTotal;
    private volatile long openHangStartEpochNanos;

    // Guarded by this: the stats thread and queries.
    private final ArrayDeque<SealedWindow> ring = new ArrayDeque<>();
    private IntervalData current;
    private long windowEnd;

    PathStats(PathSpec path, LongSupplier nanoClock, Clock wallClock) {
        this.path = path;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.windowNanos = path.settings().window().toNanos();
        this.ringSize = (int) Math.max(1, HISTORY.toNanos() / windowNanos);
        for (Figure f : Figure.values()) {
            recorders[f.ordinal()] = new Recorder(IntervalData.DIGITS, true);
        }
        long now = nanoClock.getAsLong();
        current = new IntervalData(now);
        windowEnd = now + windowNanos;
    }

    public PathSpec path() {
        return path;
    }

    // ---- writers (event loops) ----

    @Override
    public void cycleCompleted(CycleOutcome o) {
        record(Figure.LAG, o.lagNanos());
        if (o.dnsNanos() >= 0) {
            record(Figure.DNS, o.dnsNanos());
        }
        if (o.connectNanos() >= 0) {
            record(Figure.CONNECT, o.connectNanos());
        }
        if (o.tlsNanos() >= 0) {
            record(Figure.TLS, o.tlsNanos());
        }
        long forward = 0;
        long reverse = 0;
        long minNetwork = Long.MAX_VALUE;
        long offsetAtMin = 0;
        for (EchoSample e : o.echoes()) {
            record(Figure.RTT, e.rttNanos());
            forward += e.forwardNanos();
            reverse += e.reverseNanos();
            if (e.networkRttNanos() < minNetwork) {
                minNetwork = e.networkRttNanos();
                offsetAtMin = (e.forwardNanos() - e.reverseNanos()) / 2;
            }
        }
        long phase = phaser.writerCriticalSectionEnter();
        try {
            IntervalCounters c = activeCounters;
            c.add(Count.CYCLES, 1);
            if (!o.succeeded()) {
                c.add(Count.CYCLES_FAILED, 1);
                c.error(o.failure());
            }
            c.add(Count.ECHOES_PLANNED, o.echoes().size() + o.echoesLost());
            c.add(Count.ECHOES_LOST, o.echoesLost());
            if (!o.echoes().isEmpty()) {
                c.add(Count.FORWARD_SUM_NS, forward);
                c.add(Count.REVERSE_SUM_NS, reverse);
                c.add(Count.ONE_WAY_SAMPLES, o.echoes().size());
                c.minOffset(minNetwork, offsetAtMin);
            }
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    @Override
    public void cycleSkipped(long lagNanos) {
        record(Figure.LAG, lagNanos);
        count(Count.CYCLES_SKIPPED, 1);
    }

    /** RFC 3550 §6.4.1: J += (|D| − J) / 16, with D the difference of consecutive stream RTTs. */
    @Override
    public void streamEcho(long rttNanos) {
        record(Figure.STREAM_RTT, rttNanos);
        long phase = phaser.writerCriticalSectionEnter();
        try {
            if (previousStreamRtt >= 0) {
                jitterNanos += (Math.abs(rttNanos - previousStreamRtt) - jitterNanos) / 16.0;
                activeCounters.add(Count.JITTER_SUM_NS, Math.round(jitterNanos));
                activeCounters.add(Count.JITTER_SAMPLES, 1);
            }
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
        previousStreamRtt = rttNanos;
    }

    @Override
    public void heartbeatSent() {
        count(Count.HEARTBEATS_SENT, 1);
    }

    @Override
    public void heartbeatsLost(int n) {
        count(Count.HEARTBEATS_LOST, n);
    }

    @Override
    public void hangStarted(long startEpochNanos) {
        openHangStartEpochNanos = startEpochNanos;
    }

    @Override
    public void hangEnded(long startEpochNanos, long durationNanos) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            activeCounters.add(Count.HANGS, 1);
            activeCounters.add(Count.HANG_TOTAL_NS, durationNanos);
            activeCounters.max(Count.HANG_LONGEST_NS, durationNanos);
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
        openHangStartEpochNanos = 0;
    }

    @Override
    public void streamConnected(long epochNanos) {
        previousStreamRtt = -1;
        streamSinceEpochNanos = epochNanos;
        streamConnected = true;
    }

    @Override
    public void streamDisconnected(long epochNanos, FailureKind reason) {
        streamConnected = false;
        streamSinceEpochNanos = epochNanos;
        disconnectsTotal++;
        count(Count.DISCONNECTS, 1);
    }

    private void record(Figure f, long nanos) {
        long micros = (nanos + 500) / 1000;
        recorders[f.ordinal()].recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
    }

    private void count(Count c, long delta) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            activeCounters.add(c, delta);
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    // ---- the stats thread ----

    /**
     * Moves everything recorded since the last call into the current window and seals that
     * window when it is due. Returns true if a window was sealed.
     */
    synchronized boolean harvest() {
        long now = drain();
        if (now < windowEnd) {
            return false;
        }
        current.endNanos = now;
        ring.addLast(SealedWindow.of(current));
        while (ring.size() > ringSize) {
            ring.removeFirst();
        }
        current = new IntervalData(now);
        windowEnd = Math.max(windowEnd + windowNanos, now + windowNanos / 2);
        return true;
    }

    private long drain() {
        for (Figure f : Figure.values()) {
            int i = f.ordinal();
            recycled[i] = recorders[i].getIntervalHistogram(recycled[i]);
            current.addHistogram(f, recycled[i]);
        }
        phaser.readerLock();
        try {
            IntervalCounters filled = activeCounters;
            activeCounters = spareCounters;
            phaser.flipPhase();
            current.addCounters(filled);
            filled.reset();
            spareCounters = filled;
        } finally {
            phaser.readerUnlock();
        }
        long now = nanoClock.getAsLong();
        current.endNanos = now;
        return now;
    }

    // ---- queries ----

    /**
     * The figures of the last {@code span}: the current window so far plus as many sealed
     * windows as fit in the span (one harvest of slack), so the time covered lies between
     * {@code span − window} and {@code span}.
     */
    public synchronized WindowSnapshot snapshot(Duration span) {
        IntervalData merged = merged(span);
        return view(merged, merged.endNanos - merged.startNanos, true);
    }

    /** The samples of one figure over the same span as {@link #snapshot}, in microseconds (a copy); null if none. */
    public synchronized Histogram micros(Figure figure, Duration span) {
        Histogram h = merged(span).recorded(figure);
        return h == null ? null : h.copy();
    }

    /** The current window so far plus the sealed windows that fit in {@code span}; its start and end set. */
    private IntervalData merged(Duration span) {
        long end = drain();
        long limit = span.toNanos() + TimeUnit.MILLISECONDS.toNanos(StatsRegistry.HARVEST_MILLIS);
        List<SealedWindow> fit = new java.util.ArrayList<>();
        Iterator<SealedWindow> newestFirst = ring.descendingIterator();
        while (newestFirst.hasNext()) {
            SealedWindow d = newestFirst.next();
            if (end - d.startNanos > limit) {
                break;
            }
            fit.add(d);
        }
        IntervalData merged = new IntervalData(fit.isEmpty() ? current.startNanos : fit.get(fit.size() - 1).startNanos);
        merged.add(current);
        fit.forEach(d -> d.addTo(merged));
        merged.endNanos = end;
        return merged;
    }

    /** Every sealed window that ended within the last {@code span}, oldest first, placed in wall-clock time. */
    public synchronized List<WindowPoint> history(Duration span) {
        long nowNanos = nanoClock.getAsLong();
        Instant nowWall = wallClock.instant();
        List<WindowPoint> points = new java.util.ArrayList<>();
        for (SealedWindow d : ring) {
            if (nowNanos - d.endNanos <= span.toNanos()) {
                points.add(new WindowPoint(nowWall.minusNanos(nowNanos - d.startNanos), nowWall.minusNanos(nowNanos - d.endNanos),
                        view(d.expanded(), d.endNanos - d.startNanos, false)));
            }
        }
        return points;
    }

    /** The figures of the most recently sealed window alone, or null before the first seals. */
    public synchronized WindowSnapshot lastWindow() {
        SealedWindow last = ring.peekLast();
        return last == null ? null : view(last.expanded(), last.endNanos - last.startNanos, false);
    }

    /**
     * The distribution of one figure in the most recently sealed window, in microseconds (a copy
     * the caller owns), or null if the window recorded none. For exporters that need the samples
     * themselves: Prometheus buckets, CloudWatch value/count arrays.
     */
    public synchronized Histogram lastWindowMicros(Figure figure) {
        SealedWindow last = ring.peekLast();
        if (last == null) {
            return null;
        }
        Histogram h = last.expanded().recorded(figure);
        return h == null ? null : h.copy();
    }

    /** The sealed windows themselves, oldest first; for tests that check they add up. */
    synchronized List<SealedWindow> sealedWindows() {
        return List.copyOf(ring);
    }

    public StreamState stream() {
        long since = streamSinceEpochNanos;
        return new StreamState(streamConnected, since == 0 ? null : instant(since), disconnectsTotal);
    }

    /** Start of the hang open now, or null. */
    public Instant openHangSince() {
        long start = openHangStartEpochNanos;
        return start == 0 ? null : instant(start);
    }

    private WindowSnapshot view(IntervalData d, long spanNanos, boolean includeOpenHang) {
        Distribution rtt = Distribution.of(d.recorded(Figure.RTT));
        long jitterSamples = d.get(Count.JITTER_SAMPLES);
        long sent = d.get(Count.ECHOES_PLANNED) + d.get(Count.HEARTBEATS_SENT);
        long lost = d.get(Count.ECHOES_LOST) + d.get(Count.HEARTBEATS_LOST);
        long oneWaySamples = d.get(Count.ONE_WAY_SAMPLES);
        return new WindowSnapshot(
                Math.round(spanNanos / 1e9),
                d.get(Count.CYCLES),
                d.get(Count.CYCLES_FAILED),
                d.get(Count.CYCLES_SKIPPED),
                rtt,
                Distribution.of(d.recorded(Figure.CONNECT)),
                path.tls() == null ? null : Distribution.of(d.recorded(Figure.TLS)),
                Distribution.of(d.recorded(Figure.DNS)),
                Distribution.of(d.recorded(Figure.STREAM_RTT)),
                Distribution.of(d.recorded(Figure.LAG)),
                jitterSamples == 0 ? null : d.get(Count.JITTER_SUM_NS) / (double) jitterSamples / NANOS_PER_MS,
                rtt.count() == 0 ? null : rtt.p99() - rtt.p50(),
                sent == 0 ? null : Math.min(1.0, lost / (double) sent),
                hangs(d, includeOpenHang),
                errors(d),
                d.get(Count.DISCONNECTS),
                oneWaySamples == 0 ? null : new OneWay(
                        d.get(Count.FORWARD_SUM_NS) / (double) oneWaySamples / NANOS_PER_MS,
                        d.get(Count.REVERSE_SUM_NS) / (double) oneWaySamples / NANOS_PER_MS,
                        Math.abs(d.get(Count.OFFSET_AT_MIN_NS)) / NANOS_PER_MS));
    }

    private HangSummary hangs(IntervalData d, boolean includeOpen) {
        long count = d.get(Count.HANGS);
        long longest = d.get(Count.HANG_LONGEST_NS);
        long total = d.get(Count.HANG_TOTAL_NS);
        long openStart = openHangStartEpochNanos;
        boolean open = includeOpen && openStart != 0;
        if (open) {
            Instant now = wallClock.instant();
            long openFor = Math.max(0, now.getEpochSecond() * 1_000_000_000L + now.getNano() - openStart);
            count++;
            longest = Math.max(longest, openFor);
            total += openFor;
        }
        return new HangSummary(count, longest / NANOS_PER_MS, total / NANOS_PER_MS, open);
    }

    private static Map<String, Long> errors(IntervalData d) {
        Map<String, Long> errors = new LinkedHashMap<>();
        for (FailureKind kind : FailureKind.values()) {
            errors.put(kind.key(), d.errors[kind.ordinal()]);
        }
        return errors;
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
