package io.pathwatch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pathwatch.health.BaselineView;
import io.pathwatch.health.PathHealth;
import io.pathwatch.path.StallAttribution;
import io.pathwatch.path.StallEvidence;
import io.pathwatch.stats.Distribution;
import io.pathwatch.stats.HangSummary;
import io.pathwatch.stats.LastHang;
import io.pathwatch.stats.LastCycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.stats.OneWay;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StreamState;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One path as {@code GET /api/paths} shows it: DESIGN.md's contract, field for field, plus how it
 * is probed, and for people {@code sentence} (state, since when in UTC and why, in one paragraph)
 * and {@code sentences} (each of {@code reasons} in words, same order). A connect-mode path has no stream, so {@code stream} and {@code window.hangs} are
 * null (not "connected: false" or "0 hangs", which would claim a measurement), and {@code notMeasured}
 * says in words what it cannot show.
 *
 * @param mode        {@code stream} or {@code connect}
 * @param lastCycle   the latest cycle the schedule ran, with the address the target resolved to; null before the first
 * @param notMeasured for a connect-mode path, what it does not measure and which rules therefore do not judge it; else null
 */
record PathView(
        String name,
        String target,
        Map<String, String> tags,
        String state,
        Instant stateSince,
        List<String> reasons,
        String sentence,
        List<String> sentences,
        WindowView window,
        StreamView stream,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, BaselineView> baseline,
        String mode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String sourceAddress,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int dscp,
        LastCycleView lastCycle,
        @JsonInclude(JsonInclude.Include.NON_NULL) String notMeasured) {

    /** Why a connect-mode path's health says nothing about hangs and jitter. */
    static final String CONNECT_MODE_NOT_MEASURED = "mode connect: no responder, so no echoes and no stream; echo RTT, jitter, one-way delay, "
            + "hangs and stream disconnects are not measured, and no rule judges them (down, failures, loss as failed connects, and "
            + "connect latency against its baseline do)";

    /** The path as listed; {@code baseline} (learned per figure) only when asked for the one path. */
    static PathView of(PathStats stats, PathHealth health, WindowSnapshot w, Map<String, BaselineView> baseline) {
        PathSpec path = stats.path();
        boolean streams = path.streams();
        StreamState stream = stats.stream();
        return new PathView(path.name(), path.target(), path.tags(), health.state().name(), health.since(),
                health.reasons(), health.sentence(), health.sentences(), WindowView.of(w, stats.lastHang(), streams),
                streams ? new StreamView(stream.connected(), stream.since(), stream.disconnects()) : null, baseline,
                path.mode().key(), path.egress().sourceAddress(), path.egress().dscp(), LastCycleView.of(stats.lastCycle()),
                streams ? null : CONNECT_MODE_NOT_MEASURED);
    }

    /**
     * The latest scheduled cycle.
     *
     * @param address the IP address the target resolved to and the cycle connected to (or tried to); null if resolving failed
     * @param failure failure kind, null when the cycle succeeded
     */
    record LastCycleView(Instant at, String address, boolean succeeded, String failure, String failedPhase, Double connectMs) {

        static LastCycleView of(LastCycle c) {
            return c == null ? null : new LastCycleView(c.at(), c.address(), c.failure() == null, c.failure(), c.failedPhase(), micros(c.connectMs()));
        }
    }

    record WindowView(
            long seconds,
            long cycles,
            Distribution rttMs,
            Distribution kernelRttMs,
            Distribution connectMs,
            Distribution tlsMs,
            Distribution dnsMs,
            Double jitterMs,
            Double spreadMs,
            Double lossRatio,
            long late,
            HangsView hangs,
            Map<String, Long> cycleCauses,
            Map<String, Long> errors,
            long localErrors,
            OneWayView oneWay,
            MeasurementView measurement) {

        static WindowView of(WindowSnapshot w, LastHang last) {
            return of(w, last, true);
        }

        /** @param streams false for a connect-mode path: it has no hangs to count, so {@code hangs} is null */
        static WindowView of(WindowSnapshot w, LastHang last, boolean streams) {
            HangSummary h = w.hangs();
            OneWay o = w.oneWay();
            return new WindowView(w.seconds(), w.cycles(), w.rtt(), w.kernelRtt(), w.connect(), w.tls(), w.dns(),
                    micros(w.jitterMs()), micros(w.spreadMs()), ratio(w.lossRatio()), w.late(),
                    !streams ? null : new HangsView(h.count(), micros(h.longestMs()), micros(h.totalMs()), h.open(), h.causes(), LastHangView.of(last)),
                    w.cycleCauses(), w.errors(), w.localErrors(),
                    o == null ? null : new OneWayView(micros(o.forwardMs()), micros(o.reverseMs()), micros(o.clockErrorMs())),
                    new MeasurementView(micros(w.measurement().selfLagP99Ms()), w.measurement().trusted(), w.measurement().untrustedWindows()));
        }
    }

    /**
     * @param causes settled hang attributions in the span by cause key (only causes that occurred)
     * @param last   the path's latest hang, whenever it was; null while it has not hung
     */
    record HangsView(long count, Double longestMs, Double totalMs, boolean open, Map<String, Long> causes, LastHangView last) {
    }

    /**
     * The latest hang and where it was.
     *
     * @param open     the hang is still open
     * @param cause    cause key, null until the first attribution arrives
     * @param settled  the cause is final (decided after the hang ended); false while it is provisional or unknown yet
     * @param missing  what evidence was missing ("" when none was); null without an attribution
     */
    record LastHangView(Instant start, Double durationMs, boolean open, String cause, boolean settled, String sentence,
            List<EvidenceView> evidence, String missing) {

        static LastHangView of(LastHang h) {
            if (h == null) {
                return null;
            }
            StallAttribution a = h.attribution();
            return new LastHangView(h.start(), micros(h.durationMs()), h.open(), a == null ? null : a.cause().key(), a != null && a.settled(),
                    a == null ? null : a.sentence(), a == null ? List.of() : a.evidence().stream().map(EvidenceView::of).toList(),
                    a == null ? null : a.missing());
        }
    }

    /** One fact behind a cause: a TCP_INFO field (or the prober's loop lag) at one end ({@code prober} or {@code responder}). */
    record EvidenceView(String end, String field, long value, String unit) {

        static EvidenceView of(StallEvidence e) {
            return new EvidenceView(e.end(), e.field(), e.value(), e.unit());
        }
    }

    record OneWayView(Double forwardMs, Double reverseMs, Double clockErrorMs) {
    }

    /** Whether the prober kept up: false when its own lag p99 exceeded max-self-lag in a window of the span. */
    record MeasurementView(Double selfLagP99Ms, boolean trusted, long untrustedWindows) {
    }

    record StreamView(boolean connected, Instant since, long disconnects) {
    }

    /** Milliseconds to µs precision. */
    static Double micros(Double ms) {
        return ms == null ? null : Math.round(ms * 1000.0) / 1000.0;
    }

    static Double ratio(Double r) {
        return r == null ? null : Math.round(r * 1_000_000.0) / 1_000_000.0;
    }
}
