package io.pathwatch.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hangs of the stream over a window or span. A hang counts in every window it touches: its time
 * by the part that falls in the window, and in the window's {@code count}; it is {@code started}
 * once, in the window that detected it.
 *
 * @param count     hangs open at some time in the span: detected in it, or carried into it
 * @param started   hangs detected in the span
 * @param longestMs the longest of them, an open one by its duration so far
 * @param totalMs   time spent hung within the span
 * @param open      a hang is open now (only for a span that ends now)
 * @param causes    settled hang attributions by cause key ({@code forward_loss} …), counted in the window each
 *                  settled in; only causes that occurred, in {@code StallCause} order
 */
public record HangSummary(long count, long started, double longestMs, double totalMs, boolean open, Map<String, Long> causes) {

    public HangSummary {
        causes = Collections.unmodifiableMap(new LinkedHashMap<>(causes));
    }

    /** Without causes (none settled). */
    public HangSummary(long count, long started, double longestMs, double totalMs, boolean open) {
        this(count, started, longestMs, totalMs, open, Map.of());
    }
}
