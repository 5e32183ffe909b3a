package io.pathwatch.stats;

import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * All figures of one path, in two parts that never wait for each other. The write side, a
 * {@link PathRecorder}, takes the probes' reports without a lock. The stats thread
 * {@link #harvest() harvests} it every second into the current window and, every {@code window},
 * seals that window into an immutable {@link Timeline} of an hour's sealed windows; queries read
 * only the latest timeline (and the live {@link HangLedger}), so they never block sealing, never
 * drain the recorder and never run on a probe's event loop. Every query merges the sealed windows
 * it needs with the open one; its cost follows the number of distinct values in them, not their size.
 */
public final class PathStats {

    static final Duration HISTORY = Duration.ofHours(1);

    private volatile PathSpec path;
    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private final long windowNanos;
    private final int ringSize;
    private final long maxSelfLagMicros;
    private final PathRecorder recorder;

    // The stats thread's own (harvest and restore are serialised by the registry).
    private WindowBuilder builder;
    private long windowEnd;

    private volatile Timeline timeline;
    private volatile LastWindow last;

    PathStats(PathSpec path, LongSupplier nanoClock, Clock wallClock, LocalErrors localErrors) {
        this.path = path;
        this.recorder = new PathRecorder(path.name(), !path.streams(), localErrors, wallClock);
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.windowNanos = path.settings().window().toNanos();
        this.ringSize = (int) Math.max(1, HISTORY.toNanos() / windowNanos);
        this.maxSelfLagMicros = TimeUnit.NANOSECONDS.toMicros(path.settings().maxSelfLag().toNanos());
        long now = nanoClock.getAsLong();
        builder = new WindowBuilder(now, recorder.hangs());
        windowEnd = now + windowNanos;
        timeline = new Timeline(new SealedWindow[0], builder.view(now));
    }

    public PathSpec path() {
        return path;
    }

    /** A reload changed only the tags: the figures stay this path's own. */
    void retag(PathSpec tagged) {
        if (!tagged.withTags(path.tags()).equals(path)) {
            throw new IllegalArgumentException("path " + path.name() + ": only its tags may change in place");
        }
        this.path = tagged;
    }

    /** Where the probes of this path report. */
    ProbeListener recorder() {
        return recorder;
    }

    // ---- the stats thread ----

    /**
     * Moves everything recorded since the last call into the current window and seals that
     * window when it is due. Returns true if a window was sealed.
     */
    boolean harvest() {
        long now = nanoClock.getAsLong();
        HangLedger hangs = recorder.hangs();
        Interval written = recorder.swap();
        try {
            builder.add(written);
        } finally {
            // handed back even if adding failed: otherwise the next swap would make the probes and
            // this thread share one buffer for good
            recorder.recycle(written);
        }
        Timeline t = timeline;
        if (now < windowEnd) {
            timeline = new Timeline(t.sealed(), builder.view(now));
            return false;
        }
        SealedWindow sealed = builder.seal(now, hangs);
        builder = new WindowBuilder(now, hangs);
        windowEnd = Math.max(windowEnd + windowNanos, now + windowNanos / 2);
        SealedWindow[] ring = append(t.sealed(), sealed);
        timeline = new Timeline(ring, builder.view(now));
        last = summarise(sealed);
        return true;
    }

    private SealedWindow[] append(SealedWindow[] ring, SealedWindow w) {
        int keep = Math.min(ring.length, ringSize - 1);
        SealedWindow[] next = Arrays.copyOfRange(ring, ring.length - keep, ring.length + 1);
        next[keep] = w;
        return next;
    }

    private LastWindow summarise(SealedWindow w) {
        Span one = new Span(maxSelfLagMicros);
        one.add(w);
        return new LastWindow(one.snapshot(path.tls() != null), one.samples(Figure.RTT), one.samples(Figure.CONNECT),
                one.samples(Figure.KERNEL_RTT));
    }

    /**
     * Takes back windows kept across a restart (oldest first, monotonic times already mapped to
     * this run's clock); only those that ended within the hour before now and before this run's
     * first window. Gaps stay gaps. Before the first harvest only.
     */
    void restore(List<SealedWindow> windows) {
        long now = nanoClock.getAsLong();
        List<SealedWindow> keep = new ArrayList<>();
        for (SealedWindow w : windows) {
            if (now - w.endNanos <= HISTORY.toNanos() && w.endNanos <= builder.startNanos && w.startNanos < w.endNanos) {
                keep.add(w);
            }
        }
        keep.sort((a, b) -> Long.compare(a.startNanos, b.startNanos));
        SealedWindow[] ring = keep.subList(Math.max(0, keep.size() - ringSize), keep.size()).toArray(SealedWindow[]::new);
        timeline = new Timeline(ring, timeline.open());
        if (ring.length > 0) {
            last = summarise(ring[ring.length - 1]);
        }
    }

    // ---- queries: any thread, no lock ----

    /**
     * The figures of the last {@code span}: the current window so far plus as many sealed
     * windows as fit in the span (one harvest of slack), so the time covered lies between
     * {@code span − window} and {@code span}.
     */
    public WindowSnapshot snapshot(Duration span) {
        return merged(span).snapshot(path.tls() != null);
    }

    /** The samples of one figure over the same span as {@link #snapshot}. */
    public Samples samples(Figure figure, Duration span) {
        return merged(span).samples(figure);
    }

    /**
     * The samples of one figure over the same span as {@link #snapshot}, window by window (the
     * open window last): the blocks a block bootstrap resamples.
     */
    public List<Samples> samplesByWindow(Figure figure, Duration span) {
        long now = nanoClock.getAsLong();
        Timeline t = timeline;
        List<Samples> blocks = new ArrayList<>();
        for (SealedWindow w : fitting(t, span, now)) {
            blocks.add(w.samples(figure));
        }
        Span open = new Span(maxSelfLagMicros);
        open.add(t.open(), recorder.hangs(), now);
        blocks.add(open.samples(figure));
        return blocks;
    }

    private Span merged(Duration span) {
        long now = nanoClock.getAsLong();
        Timeline t = timeline;
        Span s = new Span(maxSelfLagMicros);
        for (SealedWindow w : fitting(t, span, now)) {
            s.add(w);
        }
        s.add(t.open(), recorder.hangs(), now);
        return s;
    }

    private static List<SealedWindow> fitting(Timeline t, Duration span, long now) {
        long limit = span.toNanos() + TimeUnit.MILLISECONDS.toNanos(StatsRegistry.HARVEST_MILLIS);
        SealedWindow[] ring = t.sealed();
        int from = ring.length;
        while (from > 0 && now - ring[from - 1].startNanos <= limit) {
            from--;
        }
        return Arrays.asList(ring).subList(from, ring.length);
    }

    /** Every sealed window that ended within the last {@code span}, oldest first, placed in wall-clock time. */
    public List<WindowPoint> history(Duration span) {
        long nowNanos = nanoClock.getAsLong();
        Instant nowWall = wallClock.instant();
        List<WindowPoint> points = new ArrayList<>();
        for (SealedWindow w : timeline.sealed()) {
            if (nowNanos - w.endNanos <= span.toNanos()) {
                Span one = new Span(maxSelfLagMicros);
                one.add(w);
                points.add(new WindowPoint(nowWall.minusNanos(nowNanos - w.startNanos), nowWall.minusNanos(nowNanos - w.endNanos),
                        one.snapshot(path.tls() != null)));
            }
        }
        return points;
    }

    /** The most recently sealed window, summarised once; null before the first seals. */
    public LastWindow last() {
        return last;
    }

    /** The figures of the most recently sealed window alone, or null before the first seals. */
    public WindowSnapshot lastWindow() {
        LastWindow l = last;
        return l == null ? null : l.figures();
    }

    /** The sealed windows themselves, oldest first. */
    List<SealedWindow> sealedWindows() {
        return List.of(timeline.sealed());
    }

    /** The monotonic clock's reading now, and the wall clock's, for mapping window times. */
    long nanoTime() {
        return nanoClock.getAsLong();
    }

    Instant wallTime() {
        return wallClock.instant();
    }

    public StreamState stream() {
        return recorder.stream();
    }

    /** The latest cycle the schedule ran, with the address its target resolved to; null before the first. */
    public LastCycle lastCycle() {
        return recorder.lastCycle();
    }

    /** Start of the hang open now, or null. */
    public Instant openHangSince() {
        HangLedger h = recorder.hangs();
        return h.open() ? Instant.ofEpochSecond(0, h.openStartEpochNanos()) : null;
    }

    /**
     * The latest hang of this run, open or ended however long ago, with its latest attribution;
     * null while the path has not hung.
     */
    public LastHang lastHang() {
        HangMark m = recorder.lastHang();
        if (m == null) {
            return null;
        }
        long duration = m.open() ? nanoClock.getAsLong() - m.startNanos() : m.endNanos() - m.startNanos();
        return new LastHang(Instant.ofEpochSecond(0, m.startEpochNanos()), Math.max(0, duration) / 1e6, m.open(), m.attribution());
    }

    /** How long the open hang has lasted so far, in seconds; 0 when none is open. */
    public double openHangSeconds() {
        return recorder.hangs().openFor(nanoClock.getAsLong()) / 1e9;
    }
}
