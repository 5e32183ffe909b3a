package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import java.time.Instant;

/** What the alerts thread is told about a path: a change of its judged state, or hangs of its stream. */
sealed interface AlertEvent permits AlertEvent.StateChange, AlertEvent.Hangs {

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
}
