package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.path.StallAttribution;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** What the alerts thread is told about a path: a change of its judged state, hangs of its stream, or where they were. */
sealed interface AlertEvent permits AlertEvent.StateChange, AlertEvent.Hangs, AlertEvent.Attributed {

    String path();

    /**
     * A judged state change.
     *
     * @param merged how many flaps (a raise and its resolve) were folded into this one while the inbox was full
     */
    record StateChange(PathTransition transition, int merged) implements AlertEvent {

        @Override
        public String path() {
            return transition.path();
        }

        boolean toOk() {
            return transition.to() == PathState.OK;
        }
    }

    /**
     * Hangs of one path's stream: one start or one end as the probe reports it, or several merged.
     *
     * @param firstStart when the first hang here began; null if this holds only ends
     * @param started    hangs that began
     * @param ended      hangs that ended
     * @param longestMs  the longest of those that ended; 0 if none did
     * @param totalMs    their total duration
     * @param hanging    whether a hang is still going on after these
     */
    record Hangs(String path, Instant firstStart, int started, int ended, double longestMs, double totalMs, boolean hanging)
            implements AlertEvent {

        static Hangs start(String path, Instant at) {
            return new Hangs(path, at, 1, 0, 0, 0, true);
        }

        static Hangs end(String path, double durationMs) {
            return new Hangs(path, null, 0, 1, durationMs, durationMs, false);
        }

        /** This, then {@code later}, as one event (one stream per path: hangs never overlap). */
        Hangs then(Hangs later) {
            boolean stillHanging = later.started > 0 ? later.hanging : hanging && later.ended == 0;
            return new Hangs(path, firstStart != null ? firstStart : later.firstStart, started + later.started, ended + later.ended,
                    Math.max(longestMs, later.longestMs), totalMs + later.totalMs, stillHanging);
        }
    }

    /**
     * Causes of a path's hangs: one attribution as the probe reported it, or several merged.
     *
     * @param shown         the attribution the incident shows from now on (the newest hang's, a settled one over a
     *                      provisional one); null if none of these replaces what it shows
     * @param settled       settled causes among these, a count per cause key
     * @param newestSettled when the latest hang counted in {@code settled} began; null if none. Counts merged
     *                      under an overflow go with the incident of the newest: an older one's incident may have
     *                      resolved meanwhile, and a count too many there beats the open incident losing all of them
     */
    record Attributed(String path, StallAttribution shown, Map<String, Integer> settled, Instant newestSettled) implements AlertEvent {

        public Attributed {
            settled = Map.copyOf(settled);
        }

        /** @param show whether it replaces the cause the incident shows (the caller, on the path's event loop, knows the order of its hangs) */
        static Attributed of(String path, StallAttribution a, boolean show) {
            return new Attributed(path, show ? a : null, a.settled() ? Map.of(a.cause().key(), 1) : Map.of(),
                    a.settled() ? start(a) : null);
        }

        static Instant start(StallAttribution a) {
            return Instant.ofEpochSecond(0, a.startEpochNanos());
        }

        /** This, then {@code later}, as one event: the counts add up, the later shown one wins. */
        Attributed then(Attributed later) {
            Map<String, Integer> sum = new TreeMap<>(settled);
            later.settled.forEach((k, n) -> sum.merge(k, n, Integer::sum));
            Instant newest = newestSettled == null ? later.newestSettled
                    : later.newestSettled == null || newestSettled.isAfter(later.newestSettled) ? newestSettled : later.newestSettled;
            return new Attributed(path, later.shown != null ? later.shown : shown, sum, newest);
        }
    }
}
