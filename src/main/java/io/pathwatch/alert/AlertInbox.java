package io.pathwatch.alert;

import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events waiting for the alerts thread: bounded, and never losing what matters. When it is
 * full, the queued events of the newcomer's path are merged (then, if that was not enough, every
 * path's): consecutive problem states become one change, the hangs of a path one event with their
 * count, longest and total, and a flap (a resolve and the next raise) in the middle of a longer
 * sequence folds into the incident around it. A change to OK that ends a path's sequence is
 * never merged away, so every raise still gets its resolve. The causes of a path's hangs become one
 * event with a count per settled cause and the newest one to show: they never raise or resolve
 * anything, so merging them loses no page. Merging shrinks a path to at most four state events, one
 * hang event and one cause event, so past the capacity the queue grows by at most that per path
 * instead of dropping anything. Thread-safe; probe event loops and the stats thread offer, the
 * alerts thread drains.
 */
final class AlertInbox {

    private final int capacity;
    private final ArrayDeque<AlertEvent> queue = new ArrayDeque<>();
    private long merged;

    AlertInbox(int capacity) {
        this.capacity = capacity;
    }

    /** @return whether the queue was empty, i.e. the alerts thread must be woken */
    synchronized boolean offer(AlertEvent event) {
        boolean wasEmpty = queue.isEmpty();
        if (queue.size() >= capacity) {
            compact(event.path());
            if (queue.size() >= capacity) {
                compact(null);
            }
        }
        queue.addLast(event);
        return wasEmpty;
    }

    synchronized List<AlertEvent> drain() {
        List<AlertEvent> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    synchronized int size() {
        return queue.size();
    }

    /** Events merged away so far. */
    synchronized long merged() {
        return merged;
    }

    /** Merges the queued events of {@code path}, or of every path when null; the merged go to the end in their order. */
    private void compact(String path) {
        Map<String, List<AlertEvent>> byPath = new LinkedHashMap<>();
        for (Iterator<AlertEvent> it = queue.iterator(); it.hasNext();) {
            AlertEvent e = it.next();
            if (path == null || e.path().equals(path)) {
                byPath.computeIfAbsent(e.path(), p -> new ArrayList<>()).add(e);
                it.remove();
            }
        }
        for (List<AlertEvent> events : byPath.values()) {
            List<AlertEvent> kept = merge(events);
            merged += events.size() - kept.size();
            queue.addAll(kept);
        }
    }

    /** One path's events, merged; order among the state changes kept. */
    static List<AlertEvent> merge(List<AlertEvent> events) {
        List<AlertEvent.StateChange> states = new ArrayList<>();
        AlertEvent.Hangs hangs = null;
        AlertEvent.Attributed causes = null;
        for (AlertEvent e : events) {
            if (e instanceof AlertEvent.Hangs h) {
                hangs = hangs == null ? h : hangs.then(h);
            } else if (e instanceof AlertEvent.Attributed a) {
                causes = causes == null ? a : causes.then(a);
            } else if (e instanceof AlertEvent.StateChange s && s.transition().to() != PathState.UNKNOWN) { // UNKNOWN raises nothing
                int last = states.size() - 1;
                if (last >= 0 && !states.get(last).toOk() && !s.toOk()) {
                    // DEGRADED then DOWN: one change from where the first began to where the second ended
                    AlertEvent.StateChange prev = states.get(last);
                    PathTransition t = s.transition();
                    states.set(last, new AlertEvent.StateChange(
                            new PathTransition(t.path(), prev.transition().from(), t.to(), t.at(), t.active(), t.cleared()),
                            prev.merged() + s.merged()));
                } else {
                    states.add(s);
                }
            }
        }
        // now problem and OK alternate; fold each flap (OK, problem) that has a problem before it and an OK after it
        for (int i = 1; i + 2 < states.size();) {
            if (states.get(i).toOk() && !states.get(i - 1).toOk() && !states.get(i + 1).toOk() && states.get(i + 2).toOk()) {
                AlertEvent.StateChange raise = states.get(i - 1);
                AlertEvent.StateChange flap = states.get(i + 1);
                states.set(i - 1, new AlertEvent.StateChange(raise.transition(), raise.merged() + flap.merged() + 1));
                states.remove(i + 1);
                states.remove(i);
            } else {
                i++;
            }
        }
        List<AlertEvent> out = new ArrayList<>(states);
        if (hangs != null) {
            out.add(hangs);
        }
        if (causes != null) { // after the hangs: a cause applies to the incident its hang opened, and hang events never resolve one
            out.add(causes);
        }
        return out;
    }
}
