package io.pathwatch.stats;

/**
 * Hangs of the stream in a window: those that ended in it, plus the one still open (counted,
 * with its duration so far).
 */
public record HangSummary(long count, double longestMs, double totalMs, boolean open) {
}
