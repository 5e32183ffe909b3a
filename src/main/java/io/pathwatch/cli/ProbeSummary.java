package io.pathwatch.cli;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end of a {@code probe} run, ping-style; times in milliseconds, ratios 0..1, null where
 * nothing was measured.
 *
 * @param cycleLoss failed cycles / cycles
 * @param lossRatio echoes lost / echoes sent
 * @param jitterMs  RFC 3550 estimator over the printed echo RTTs, in order
 * @param errors    failed cycles by kind (only kinds that occurred)
 */
record ProbeSummary(String target, double seconds, long cycles, long ok, long failed, Double cycleLoss, long echoesSent, long echoesLost,
        Double lossRatio, Figure rttMs, Figure connectMs, Double jitterMs, Hangs hangs, Map<String, Long> errors) {

    record Figure(long count, double min, double p50, double p99, double max) {
    }

    /** Stream hangs; an open one counts with its length so far. */
    record Hangs(long count, double longestMs, double totalMs, boolean open) {
    }

    /** 0 when every cycle succeeded with every echo back and the stream never hung; 1 otherwise (also with no cycle at all). */
    int exitCode() {
        return cycles > 0 && failed == 0 && echoesLost == 0 && hangs.count() == 0 ? Cli.OK : Cli.FAILED;
    }

    String text() {
        StringBuilder b = new StringBuilder();
        b.append("--- ").append(target).append(" pathwatch probe statistics ---\n");
        b.append(String.format(Locale.ROOT, "%d cycles, %d ok, %d failed, %s cycle loss; %d echoes sent, %d lost, %s loss; time %.1f s%n", cycles, ok,
                failed, percent(cycleLoss), echoesSent, echoesLost, percent(lossRatio), seconds));
        b.append("rtt min/p50/p99/max = ").append(figure(rttMs));
        b.append(jitterMs == null ? "" : String.format(Locale.ROOT, ", jitter %.3f ms", jitterMs)).append('\n');
        b.append("connect min/p50/p99/max = ").append(figure(connectMs)).append('\n');
        b.append(String.format(Locale.ROOT, "hangs %d", hangs.count()));
        if (hangs.count() > 0) {
            b.append(String.format(Locale.ROOT, " (longest %.1f ms, total %.1f ms%s)", hangs.longestMs(), hangs.totalMs(), hangs.open() ? ", one still open" : ""));
        }
        b.append('\n');
        b.append("errors ").append(errors.isEmpty() ? "none"
                : errors.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))).append('\n');
        return b.toString();
    }

    private static String figure(Figure f) {
        return f == null ? "-" : String.format(Locale.ROOT, "%.3f/%.3f/%.3f/%.3f ms", f.min(), f.p50(), f.p99(), f.max());
    }

    private static String percent(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }
}
