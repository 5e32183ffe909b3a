package io.pathwatch.cli;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What {@code probe} has printed so far, summed up the way ping does: every figure comes from the
 * cycles as printed (RTT percentiles from their echoes, jitter over those echoes in print order),
 * so a reader can check the summary against the lines above it. Hangs come from the stream. Written
 * from the path's event loop, read by the main thread (or the Ctrl-C handler): every method locks.
 */
final class ProbeTally {

    /** Three significant digits over any RTT: the summary is within 0.1 % of the exact percentile. */
    private final Histogram rtt = new Histogram(3);
    private final Histogram connect = new Histogram(3);
    private long rttMin = Long.MAX_VALUE;
    private long rttMax;
    private long connectMin = Long.MAX_VALUE;
    private long connectMax;
    private long cycles;
    private long failed;
    private long echoesSent;
    private long echoesLost;
    private double jitterSumNanos;
    private long jitterDiffs;
    private long previousRtt = -1;
    private final Map<String, Long> errors = new TreeMap<>();
    private final List<Double> hangsMs = new ArrayList<>();
    private long openHangSince = -1;

    /** @return the cycle's sequence number, from 1 */
    synchronized long add(CycleOutcome o) {
        cycles++;
        if (!o.succeeded()) {
            failed++;
            errors.merge(o.failure().key(), 1L, Long::sum);
        }
        echoesSent += o.echoesSent();
        echoesLost += o.echoesLost();
        if (o.connectNanos() >= 0) {
            connect.recordValue(o.connectNanos());
            connectMin = Math.min(connectMin, o.connectNanos());
            connectMax = Math.max(connectMax, o.connectNanos());
        }
        for (EchoSample e : o.echoes()) {
            long v = e.rttNanos();
            rtt.recordValue(v);
            rttMin = Math.min(rttMin, v);
            rttMax = Math.max(rttMax, v);
            // the mean |difference| of consecutive echo RTTs (mtr's Javg): RFC 3550's estimator starts at 0 and moves 1/16
            // a sample, so over a short run it reads 25-75 % low; this one is exact from the first pair
            if (previousRtt >= 0) {
                jitterSumNanos += Math.abs(v - previousRtt);
                jitterDiffs++;
            }
            previousRtt = v;
        }
        return cycles;
    }

    synchronized void hangStarted(long startNanos) {
        openHangSince = startNanos;
    }

    /** @return the hang's duration in milliseconds */
    synchronized double hangEnded(long startNanos, long endNanos) {
        openHangSince = -1;
        double ms = round((endNanos - startNanos) / 1e6);
        hangsMs.add(ms);
        return ms;
    }

    synchronized long cycles() {
        return cycles;
    }

    /** The summary as of {@code nowNanos} (an open hang counts with its length so far). */
    synchronized ProbeSummary summary(String target, double seconds, long nowNanos) {
        List<Double> hangs = new ArrayList<>(hangsMs);
        boolean open = openHangSince >= 0;
        if (open) {
            hangs.add((nowNanos - openHangSince) / 1e6);
        }
        ProbeSummary.Hangs h = new ProbeSummary.Hangs(hangs.size(), round(hangs.stream().mapToDouble(d -> d).max().orElse(0)),
                round(hangs.stream().mapToDouble(d -> d).sum()), open);
        return new ProbeSummary(target, round(seconds), cycles, cycles - failed, failed, cycles == 0 ? null : round((double) failed / cycles),
                echoesSent, echoesLost, echoesSent == 0 ? null : round((double) echoesLost / echoesSent),
                figure(rtt, rttMin, rttMax), figure(connect, connectMin, connectMax), jitterDiffs == 0 ? null : ms(jitterSumNanos / jitterDiffs), h,
                new TreeMap<>(errors));
    }

    private static ProbeSummary.Figure figure(Histogram h, long min, long max) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        // the histogram's percentile is its bucket's highest value: never above the exact maximum
        return new ProbeSummary.Figure(h.getTotalCount(), ms(min), ms(Math.min(h.getValueAtPercentile(50), max)),
                ms(Math.min(h.getValueAtPercentile(99), max)), ms(max));
    }

    /** Milliseconds to the microsecond, as printed. */
    static double ms(double nanos) {
        return Math.round(nanos / 1000) / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
