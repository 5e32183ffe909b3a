package io.pathwatch.stats;

import io.pathwatch.path.FailureKind;
import io.pathwatch.path.StallCause;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds up windows (sealed ones, and the open one with its live hang figures) into one
 * {@link WindowSnapshot}. Counters combine by their own rules, distributions by joining their
 * runs; nothing here depends on how large the values are. Used once per query, by one thread.
 */
final class Span {

    private static final double NANOS_PER_MS = 1_000_000.0;

    private final long maxSelfLagMicros;
    private final long[] counts = Count.empty();
    private final long[] errors = new long[FailureKind.values().length];
    private final RunsBuilder[] runs = new RunsBuilder[Figure.SIZE];
    private long coveredNanos;
    private long earliestStart = Long.MAX_VALUE;
    private long carriedAtEarliest;
    private long selfLagP99 = -1;
    private long untrusted;
    private boolean open;

    Span(long maxSelfLagMicros) {
        this.maxSelfLagMicros = maxSelfLagMicros;
        for (Figure f : Figure.values()) {
            runs[f.ordinal()] = new RunsBuilder(16);
        }
    }

    void add(SealedWindow w) {
        long[] c = new long[Count.SIZE];
        long[] e = new long[errors.length];
        w.read(c, e, runs);
        addCounts(c, e, w.startNanos, w.endNanos);
        judgeLag(c[Count.SELF_LAG_P99_US.ordinal()]);
    }

    /** The open window as of its harvest, with hang figures from the live ledger at {@code now}. */
    void add(OpenWindow o, HangLedger live, long now) {
        long[] c = o.counts().clone();
        c[Count.HANGS.ordinal()] = live.started() - o.hangsAtStart().started();
        c[Count.HANGS_CARRIED.ordinal()] = o.hangsAtStart().open() ? 1 : 0;
        c[Count.HANG_TOTAL_NS.ordinal()] = Math.max(0, live.hungUpTo(now) - o.hungAtStart());
        long longest = Math.max(c[Count.HANG_LONGEST_NS.ordinal()], live.openFor(now));
        if (live.lastEndedStart() != HangLedger.NONE && live.lastEndedEnd() >= o.startNanos()) {
            longest = Math.max(longest, live.lastEndedEnd() - live.lastEndedStart());
        }
        c[Count.HANG_LONGEST_NS.ordinal()] = longest;
        addCounts(c, o.errors(), o.startNanos(), Math.max(o.startNanos(), now));
        open = live.open();
        for (Figure f : Figure.values()) {
            int n = o.sizes()[f.ordinal()];
            int[] values = o.samples()[f.ordinal()];
            if (f.kept) {
                for (int i = 0; i < n; i++) {
                    runs[f.ordinal()].add(values[i], 1);
                }
            }
        }
        int lag = Figure.SELF_LAG.ordinal();
        if (o.sizes()[lag] > 0) {
            RunsBuilder b = new RunsBuilder(o.sizes()[lag]);
            b.addRaw(o.samples()[lag], o.sizes()[lag]);
            judgeLag(b.build().valueAtPercentile(99));
        }
    }

    private void addCounts(long[] c, long[] e, long start, long end) {
        Count.merge(counts, c);
        for (int i = 0; i < errors.length; i++) {
            errors[i] += e[i];
        }
        coveredNanos += end - start;
        if (start < earliestStart) {
            earliestStart = start;
            carriedAtEarliest = c[Count.HANGS_CARRIED.ordinal()];
        }
    }

    private void judgeLag(long p99Micros) {
        selfLagP99 = Math.max(selfLagP99, p99Micros);
        if (p99Micros > maxSelfLagMicros) {
            untrusted++;
        }
    }

    long coveredNanos() {
        return coveredNanos;
    }

    Samples samples(Figure f) {
        return runs[f.ordinal()].build();
    }

    WindowSnapshot snapshot(boolean tls) {
        Samples rttSamples = samples(Figure.RTT);
        Distribution rtt = Distribution.of(rttSamples);
        long jitterSamples = get(Count.JITTER_SAMPLES);
        long decided = get(Count.ECHOES_SENT) + get(Count.HEARTBEATS_DECIDED);
        long lost = get(Count.ECHOES_LOST) + get(Count.HEARTBEATS_LOST);
        long oneWaySamples = get(Count.ONE_WAY_SAMPLES);
        Map<String, Long> errorMap = new LinkedHashMap<>();
        for (FailureKind kind : FailureKind.values()) {
            if (kind != FailureKind.LOCAL_ERROR) {
                errorMap.put(kind.key(), errors[kind.ordinal()]);
            }
        }
        return new WindowSnapshot(
                Math.round(coveredNanos / 1e9),
                get(Count.CYCLES),
                get(Count.CYCLES_FAILED),
                get(Count.CYCLES_SKIPPED),
                rtt,
                Distribution.of(samples(Figure.CONNECT)),
                tls ? Distribution.of(samples(Figure.TLS)) : null,
                Distribution.of(samples(Figure.DNS)),
                Distribution.of(samples(Figure.STREAM_RTT)),
                Distribution.of(samples(Figure.LAG)),
                jitterSamples == 0 ? null : get(Count.JITTER_SUM_NS) / (double) jitterSamples / NANOS_PER_MS,
                rtt.count() == 0 ? null : rtt.p99() - rtt.p50(),
                decided == 0 ? null : lost / (double) decided,
                get(Count.HEARTBEATS_LATE),
                new HangSummary(get(Count.HANGS) + carriedAtEarliest, get(Count.HANGS), get(Count.HANG_LONGEST_NS) / NANOS_PER_MS,
                        get(Count.HANG_TOTAL_NS) / NANOS_PER_MS, open, causes(true)),
                errorMap,
                errors[FailureKind.LOCAL_ERROR.ordinal()],
                get(Count.DISCONNECTS),
                oneWaySamples == 0 ? null : new OneWay(
                        get(Count.FORWARD_SUM_NS) / (double) oneWaySamples / NANOS_PER_MS,
                        get(Count.REVERSE_SUM_NS) / (double) oneWaySamples / NANOS_PER_MS,
                        Math.abs(get(Count.OFFSET_AT_MIN_NS)) / NANOS_PER_MS),
                new Measurement(selfLagP99 < 0 ? null : selfLagP99 / 1000.0, untrusted == 0, untrusted),
                Distribution.of(samples(Figure.KERNEL_RTT)),
                causes(false));
    }

    /** Settled attributions by cause key, hangs' or cycles', only the causes that occurred. */
    private Map<String, Long> causes(boolean hangs) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (StallCause c : StallCause.values()) {
            long n = get(hangs ? Count.hangCause(c) : Count.cycleCause(c));
            if (n > 0) {
                out.put(c.key(), n);
            }
        }
        return out;
    }

    private long get(Count c) {
        return counts[c.ordinal()];
    }
}
