package io.pathwatch.health;

import io.pathwatch.stats.Distribution;
import io.pathwatch.stats.OneWay;
import io.pathwatch.stats.WindowSnapshot;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** A figure of a window that a rule can watch; null where the window has nothing to show. */
public enum RuleFigure {
    RTT_P50("rtt.p50", Unit.MS, w -> w.rtt().p50()),
    RTT_P90("rtt.p90", Unit.MS, w -> w.rtt().p90()),
    RTT_P99("rtt.p99", Unit.MS, w -> w.rtt().p99()),
    RTT_MAX("rtt.max", Unit.MS, w -> w.rtt().max()),
    CONNECT_P50("connect.p50", Unit.MS, w -> w.connect().p50()),
    CONNECT_P99("connect.p99", Unit.MS, w -> w.connect().p99()),
    TLS_P99("tls.p99", Unit.MS, w -> p99(w.tls())),
    DNS_P99("dns.p99", Unit.MS, w -> p99(w.dns())),
    STREAM_RTT_P50("stream.rtt.p50", Unit.MS, w -> w.streamRtt().p50()),
    STREAM_RTT_P99("stream.rtt.p99", Unit.MS, w -> w.streamRtt().p99()),
    JITTER("jitter", Unit.MS, WindowSnapshot::jitterMs),
    SPREAD("spread", Unit.MS, WindowSnapshot::spreadMs),
    HANGS_LONGEST("hangs.longest", Unit.MS, w -> w.hangs().count() == 0 ? 0.0 : w.hangs().longestMs()),
    CLOCK_ERROR("clock.error", Unit.MS, w -> Optional.ofNullable(w.oneWay()).map(OneWay::clockErrorMs).orElse(null)),
    LOSS("loss", Unit.RATIO, WindowSnapshot::lossRatio),
    CONNECT_FAILURE_RATIO("connect.failure_ratio", Unit.RATIO, w -> w.cycles() == 0 ? null : w.cyclesFailed() / (double) w.cycles()),
    HANGS("hangs", Unit.COUNT, w -> (double) w.hangs().count()),
    ERRORS("errors", Unit.COUNT, w -> (double) w.errors().values().stream().mapToLong(Long::longValue).sum()),
    STREAM_DISCONNECTS("stream.disconnects", Unit.COUNT, w -> (double) w.streamDisconnects());

    /** How a figure's values read. */
    public enum Unit {
        MS, RATIO, COUNT;

        String format(double v) {
            return switch (this) {
                case MS -> trim(String.format(Locale.ROOT, "%.3f", v)) + " ms";
                case RATIO -> trim(String.format(Locale.ROOT, "%.2f", v * 100)) + " %";
                case COUNT -> trim(String.format(Locale.ROOT, "%.2f", v));
            };
        }

        private static String trim(String s) {
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
    }

    private final String key;
    private final Unit unit;
    private final Function<WindowSnapshot, Double> value;

    RuleFigure(String key, Unit unit, Function<WindowSnapshot, Double> value) {
        this.key = key;
        this.unit = unit;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public Unit unit() {
        return unit;
    }

    Double of(WindowSnapshot w) {
        return value.apply(w);
    }

    /** What lies behind a failure figure: "5 of 5 cycles failed: refused 5"; empty for the others. */
    String detail(WindowSnapshot w) {
        if (this != CONNECT_FAILURE_RATIO && this != ERRORS) {
            return "";
        }
        String kinds = w.errors().entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
        return w.cyclesFailed() + " of " + w.cycles() + " cycles failed" + (kinds.isEmpty() ? "" : ": " + kinds);
    }

    /** By key; {@code p50} alone is short for {@code rtt.p50}. */
    public static RuleFigure byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key) || f.key.equals("rtt." + key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown figure '" + key + "'"));
    }

    private static Double p99(Distribution d) {
        return d == null ? null : d.p99();
    }
}
