package io.pathwatch.testing;

import java.util.Map;

/**
 * What a prober's API said about one provoked stall.
 *
 * @param hangsAdded    hangs counted since just before the impairment (window.hangs.count)
 * @param hangMs        their total duration (window.hangs.totalMs), i.e. the new hang's when there is one
 * @param attributed    whether the API has cause attribution at all (window.hangs.last or .causes present)
 * @param cause         window.hangs.last.cause of the settled hang that began with the impairment, or null
 * @param causeHangMs   that hang's durationMs, or null
 * @param resetsAdded   cycles failed with {@code reset} since just before the impairment (window.errors.reset)
 * @param cycleCauses   window.cycleCauses added since just before the impairment (empty when absent)
 * @param api           the path's window.hangs (and cycleCauses) as last read, for messages
 */
public record StallObservation(StallCase kase, long hangsAdded, double hangMs, boolean attributed, String cause, Double causeHangMs,
        long resetsAdded, Map<String, Long> cycleCauses, String api) {

    /** The cause pathwatch reported: for a confusion matrix, {@code (absent)} without attribution, {@code (none)} if none came. */
    public String reported() {
        if (!attributed) {
            return "(absent)";
        }
        if (kase.hang) {
            return cause == null ? "(none)" : cause;
        }
        // the most frequent cause of the cycles that failed meanwhile; on a tie, not the expected one
        long expected = cycleCauses.getOrDefault(kase.expected, 0L);
        return cycleCauses.entrySet().stream().filter(e -> !e.getKey().equals(kase.expected) && e.getValue() > 0 && e.getValue() >= expected)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(expected > 0 ? kase.expected : "(none)");
    }
}
