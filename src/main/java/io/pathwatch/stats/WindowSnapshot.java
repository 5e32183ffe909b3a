package io.pathwatch.stats;

import io.pathwatch.path.FailureKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one path over a window ending now. Times in milliseconds; ratios 0..1; null
 * where the window has nothing to base the figure on.
 *
 * @param seconds        time the figures cover: the sealed windows' lengths plus the current window so far (time
 *                       the agent was not running is a gap, not covered)
 * @param cycles         probe cycles completed
 * @param cyclesFailed   of those, cycles that failed
 * @param cyclesSkipped  cycles the scheduler skipped because earlier ones were still running
 * @param rtt            echo RTT of the cycles
 * @param connect        TCP connect time
 * @param tls            TLS handshake time; null for a path without TLS
 * @param dns            name resolution time
 * @param streamRtt      heartbeat RTT on the stream, from the intended send time
 * @param scheduleLag    how late cycles started against their schedule
 * @param jitterMs       mean of the RFC 3550 interarrival jitter estimator over the window's stream RTTs
 * @param spreadMs       rtt p99 − p50
 * @param lossRatio      (lost echoes + lost heartbeats) / (echoes sent + heartbeats decided), both counted in the
 *                       window where each one's fate was decided; null when nothing was decided. For a connect-mode
 *                       path: failed connects / connects tried
 * @param late           heartbeats answered after {@code timeout} (their true RTTs are in {@code streamRtt})
 * @param hangs          stream hangs
 * @param errors         failed cycles by kind (every kind of the path present, zero or not; not {@code local_error})
 * @param localErrors    cycles that failed with a {@code local_error}: the agent's fault, so neither in {@code cycles},
 *                       {@code cyclesFailed}, {@code errors}, loss nor any latency figure
 * @param streamDisconnects stream disconnects in the window
 * @param oneWay         one-way estimates, null without samples
 * @param measurement    whether the prober kept up while measuring
 * @param kernelRtt      the kernel's smoothed RTT of the stream's connection (TCP_INFO), sampled about once a second;
 *                       {@code rtt} − this is the applications' own share of the round trip
 * @param cycleCauses    cycles that failed after connecting by timeout or reset, by the cause they were attributed to
 *                       (counted in the window the attribution arrived in; only causes that occurred)
 */
public record WindowSnapshot(
        long seconds,
        long cycles,
        long cyclesFailed,
        long cyclesSkipped,
        Distribution rtt,
        Distribution connect,
        Distribution tls,
        Distribution dns,
        Distribution streamRtt,
        Distribution scheduleLag,
        Double jitterMs,
        Double spreadMs,
        Double lossRatio,
        long late,
        HangSummary hangs,
        Map<String, Long> errors,
        long localErrors,
        long streamDisconnects,
        OneWay oneWay,
        Measurement measurement,
        Distribution kernelRtt,
        Map<String, Long> cycleCauses) {

    public WindowSnapshot {
        cycleCauses = Collections.unmodifiableMap(new LinkedHashMap<>(cycleCauses));
    }

    /** Without kernel RTT samples or attributed cycles. */
    public WindowSnapshot(long seconds, long cycles, long cyclesFailed, long cyclesSkipped, Distribution rtt, Distribution connect,
            Distribution tls, Distribution dns, Distribution streamRtt, Distribution scheduleLag, Double jitterMs, Double spreadMs,
            Double lossRatio, long late, HangSummary hangs, Map<String, Long> errors, long localErrors, long streamDisconnects, OneWay oneWay,
            Measurement measurement) {
        this(seconds, cycles, cyclesFailed, cyclesSkipped, rtt, connect, tls, dns, streamRtt, scheduleLag, jitterMs, spreadMs, lossRatio, late,
                hangs, errors, localErrors, streamDisconnects, oneWay, measurement, Distribution.EMPTY, Map.of());
    }

    /** The {@code kind} that metrics give {@link #localErrors}, as {@code FailureKind.LOCAL_ERROR} names it. */
    public static final String LOCAL_ERROR_KIND = FailureKind.LOCAL_ERROR.key();
}
