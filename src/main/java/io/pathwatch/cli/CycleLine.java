package io.pathwatch.cli;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One cycle as {@code probe} prints it, like a ping reply line:
 * <pre>
 * seq=1 dns=0.011 connect=0.121 rtt=0.212,0.180,0.191,0.175,0.181 ms
 * seq=2 dns=0.010 connect=0.118 tls=3.402 rtt=0.205,0.177 ms lost=3 FAILED timeout in ECHO: no echo within 3s
 * seq=3 dns=0.012 ms FAILED refused in CONNECT: Connection refused
 * </pre>
 * Every time is milliseconds to the microsecond; a phase that did not run is left out. The JSON
 * form carries the same figures.
 */
final class CycleLine {

    private CycleLine() {
    }

    static String text(long seq, CycleOutcome o) {
        StringBuilder b = new StringBuilder("seq=").append(seq);
        int start = b.length();
        phase(b, "dns", o.dnsNanos());
        phase(b, "connect", o.connectNanos());
        phase(b, "tls", o.tlsNanos());
        if (!o.echoes().isEmpty()) {
            b.append(" rtt=").append(o.echoes().stream().map(e -> ms(e.rttNanos())).collect(Collectors.joining(",")));
        }
        if (b.length() > start) {
            b.append(" ms");
        }
        if (o.echoesLost() > 0) {
            b.append(" lost=").append(o.echoesLost());
        }
        if (!o.succeeded()) {
            b.append(" FAILED ").append(o.failure().key());
            if (o.failedPhase() != null) {
                b.append(" in ").append(o.failedPhase());
            }
            if (o.detail() != null && !o.detail().isBlank()) {
                b.append(": ").append(o.detail());
            }
        }
        return b.toString();
    }

    static Map<String, Object> json(long seq, CycleOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "cycle");
        m.put("seq", seq);
        m.put("dnsMs", msOrNull(o.dnsNanos()));
        m.put("connectMs", msOrNull(o.connectNanos()));
        m.put("tlsMs", msOrNull(o.tlsNanos()));
        List<Double> rtts = o.echoes().stream().map(EchoSample::rttNanos).map(ProbeTally::ms).toList();
        m.put("rttMs", rtts);
        m.put("echoesSent", o.echoesSent());
        m.put("echoesLost", o.echoesLost());
        m.put("failure", o.succeeded() ? null : o.failure().key());
        m.put("failedPhase", o.failedPhase() == null ? null : o.failedPhase().name().toLowerCase(Locale.ROOT));
        m.put("detail", o.detail());
        return m;
    }

    private static void phase(StringBuilder b, String name, long nanos) {
        if (nanos >= 0) {
            b.append(' ').append(name).append('=').append(ms(nanos));
        }
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", ProbeTally.ms(nanos));
    }

    private static Double msOrNull(long nanos) {
        return nanos < 0 ? null : ProbeTally.ms(nanos);
    }
}
