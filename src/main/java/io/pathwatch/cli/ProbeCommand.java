package io.pathwatch.cli;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code probe HOST:PORT}: the daemon's scheduler on one path (cycles on a fresh connection every
 * interval, and the stream beside them for hangs), printing each cycle as it ends and the
 * summary when the count is reached or on Ctrl-C.
 */
final class ProbeCommand {

    static final String AGENT = "pathwatch-cli";

    private final Options options;
    private final Printer out;
    private final Stop stop;
    private final ProbeTally tally = new ProbeTally();
    /** Set once the summary is taken: what the path reports after that (a cycle in flight) is not printed. */
    private volatile boolean closed;

    ProbeCommand(Options options, Printer out, Stop stop) {
        this.options = options;
        this.out = out;
        this.stop = stop;
    }

    int run() throws InterruptedException {
        long started = System.nanoTime();
        PathSpec spec = Targets.spec(options.targets().get(0), options, options.interval(), Targets.defaults().window());
        ProbeScheduler scheduler = new ProbeScheduler(new ProbeClient(AGENT, options.secret(), 1, List.of(spec)), List.of(spec), p -> new Reports());
        String what = options.connectOnly() ? "TCP connect" + (spec.tls() != null ? " and TLS handshake" : "") + " only"
                : String.format(Locale.ROOT, "%d echoes of %d bytes", spec.settings().echoCount(), spec.settings().payloadBytes());
        out.text(String.format(Locale.ROOT, "PATHWATCH %s%s: %s every %s, on a fresh connection each%s", spec.target(),
                spec.tls() != null ? " (TLS)" : "", what, human(spec.settings().interval()),
                options.count() > 0 ? ", " + options.count() + " cycles" : ""));
        ProbeSummary summary;
        try {
            scheduler.start();
            stop.await(null);
        } finally {
            synchronized (this) {
                closed = true;
                summary = tally.summary(spec.target(), (System.nanoTime() - started) / 1e9, System.nanoTime());
            }
            scheduler.stop();
        }
        out.text("\n" + summary.text());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "summary");
        json.put("summary", summary);
        json.put("exitCode", summary.exitCode());
        out.object(json);
        return summary.exitCode();
    }

    private static Map<String, Object> hang(String state, Double ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "hang");
        m.put("state", state);
        if (ms != null) {
            m.put("ms", ms);
        }
        return m;
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** The path's reports, on its event loop. */
    private final class Reports implements ProbeListener {

        @Override
        public void cycleCompleted(CycleOutcome outcome) {
            synchronized (ProbeCommand.this) {
                if (closed || (options.count() > 0 && tally.cycles() >= options.count())) {
                    return;
                }
                long seq = tally.add(outcome);
                out.text(CycleLine.text(seq, outcome));
                out.object(CycleLine.json(seq, outcome));
                if (options.count() > 0 && seq >= options.count()) {
                    stop.request();
                }
            }
        }

        @Override
        public void hangStarted(long startNanos, long startEpochNanos) {
            synchronized (ProbeCommand.this) {
                if (!closed) {
                    tally.hangStarted(startNanos);
                    out.text(String.format(Locale.ROOT, "stream: hang, no echo for %.1f ms", (System.nanoTime() - startNanos) / 1e6));
                    out.object(hang("started", null));
                }
            }
        }

        @Override
        public void hangEnded(long startNanos, long endNanos) {
            synchronized (ProbeCommand.this) {
                if (!closed) {
                    double ms = tally.hangEnded(startNanos, endNanos);
                    out.text(String.format(Locale.ROOT, "stream: hang ended after %.1f ms", ms));
                    out.object(hang("ended", ms));
                }
            }
        }
    }
}
