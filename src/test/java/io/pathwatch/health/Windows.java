package io.pathwatch.health;

import io.pathwatch.stats.Distribution;
import io.pathwatch.stats.HangSummary;
import io.pathwatch.stats.Measurement;
import io.pathwatch.stats.WindowSnapshot;
import java.util.Map;

/** Sealed windows built by hand for the rule tables. */
final class Windows {

    private Windows() {
    }

    /** A healthy-looking window of 10 cycles with these RTT figures and jitter. */
    static WindowSnapshot rtt(double p50, double p99, double jitter) {
        return window(10, 0, p50, p99, jitter, 0.0, 0, 0);
    }

    static WindowSnapshot window(long cycles, long failed, Double p50, Double p99, Double jitter, Double loss, long hangs, long disconnects) {
        Distribution rtt = p50 == null ? new Distribution(0, null, null, null, null, null, null, null, null, null)
                : new Distribution(50, p50 * 0.9, p50 * 0.95, p50 * 0.97, p50, (p50 * 3 + p99) / 4, (p50 + p99) / 2, p99, p99, p99);
        Distribution connect = p50 == null ? rtt : new Distribution(cycles - failed, p50, p50, p50, p50, p50, p50, p50, p50, p50);
        return new WindowSnapshot(10, cycles, failed, 0, rtt, connect, null, connect, rtt, connect, jitter,
                p50 == null ? null : p99 - p50, loss, 0, new HangSummary(hangs, hangs, hangs * 1500.0, hangs * 1500.0, false),
                Map.of("refused", failed), 0, disconnects, null, TRUSTED);
    }

    static final Measurement TRUSTED = new Measurement(0.2, true, 0);

    /** The same window, measured while the prober itself lagged {@code selfLagMs} (p99) beyond its limit. */
    static WindowSnapshot untrusted(WindowSnapshot w, double selfLagMs) {
        return new WindowSnapshot(w.seconds(), w.cycles(), w.cyclesFailed(), w.cyclesSkipped(), w.rtt(), w.connect(), w.tls(), w.dns(),
                w.streamRtt(), w.scheduleLag(), w.jitterMs(), w.spreadMs(), w.lossRatio(), w.late(), w.hangs(), w.errors(),
                w.localErrors(), w.streamDisconnects(), w.oneWay(), new Measurement(selfLagMs, false, 1));
    }

    static WindowSnapshot down() {
        return window(10, 10, null, null, null, 1.0, 0, 0);
    }
}
