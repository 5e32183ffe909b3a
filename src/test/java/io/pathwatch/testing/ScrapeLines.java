package io.pathwatch.testing;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts a Prometheus scrape's {@code pathwatch_*} lines by family for one path, the way issue 15's line budget counts them. */
public final class ScrapeLines {

    /** The families of the meters a path had before issue 15 cut the buckets (rtt and connect histograms, counters, gauges, health state). */
    public static final Set<String> BEFORE_THE_CUT = Set.of("pathwatch_rtt_seconds", "pathwatch_connect_seconds", "pathwatch_hangs_total",
            "pathwatch_hang_duration_seconds_total", "pathwatch_stream_disconnects_total", "pathwatch_late_total",
            "pathwatch_windows_untrusted_total", "pathwatch_jitter_seconds", "pathwatch_spread_seconds", "pathwatch_loss_ratio",
            "pathwatch_schedule_lag_seconds", "pathwatch_hang_open_seconds", "pathwatch_health_state");

    private ScrapeLines() {
    }

    /** Lines per family ({@code _bucket}, {@code _count}, {@code _sum}, {@code _max} counted with their histogram) of {@code path}. */
    public static Map<String, Integer> families(String scrape, String path) {
        Pattern line = Pattern.compile("^(pathwatch_[a-z0-9_]+?)(_bucket|_count|_sum|_max)?\\{[^}]*path=\"" + Pattern.quote(path) + "\"[^}]*} \\S+$",
                Pattern.MULTILINE);
        Map<String, Integer> lines = new TreeMap<>();
        Matcher m = line.matcher(scrape);
        while (m.find()) {
            lines.merge(m.group(1), 1, Integer::sum);
        }
        return lines;
    }

    /** The lines of the families from before the cut. */
    public static int beforeTheCut(Map<String, Integer> families) {
        return families.entrySet().stream().filter(e -> BEFORE_THE_CUT.contains(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }
}
