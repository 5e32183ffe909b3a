package io.pathwatch.stats;

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
 */
public record HangSummary(long count, long started, double longestMs, double totalMs, boolean open) {
}
