package io.pathwatch.alert;

import io.pathwatch.path.PathLifecycle;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeListeners;
import io.pathwatch.path.StallAttribution;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The probes' hang reports, for alerting: a hang is raised the moment the stream detects it, not
 * at the end of the window, and its cause follows when the probe has decided it. Failed cycles'
 * causes and every other report are ignored here (a path's state alerts come from its health rules).
 */
public final class HangAlerts implements ProbeListeners, PathLifecycle {

    private final AlertManager manager;
    /** The listener of each path's running schedule; one replaced or removed falls silent. */
    private final Map<String, PathHangs> current = new ConcurrentHashMap<>();

    public HangAlerts(AlertManager manager) {
        this.manager = manager;
    }

    @Override
    public ProbeListener forPath(PathSpec path) {
        PathHangs listener = new PathHangs(path.name());
        PathHangs replaced = current.put(path.name(), listener);
        if (replaced != null) {
            replaced.retired = true;
        }
        return listener;
    }

    /** The path's stream closes on its event loop a moment later: whatever it still reports (a hang tick) is not an alert. */
    @Override
    public void pathRemoved(PathSpec path, String reason) {
        PathHangs gone = current.remove(path.name());
        if (gone != null) {
            gone.retired = true;
        }
    }

    @Override
    public void pathAdded(PathSpec path) {
    }

    /** A restart replaces the schedule, whose new listener retires the old one ({@link #forPath}). */
    @Override
    public void pathRestarted(PathSpec was, PathSpec now, String reason) {
    }

    private final class PathHangs implements ProbeListener {
        private final String name;
        private volatile boolean retired;

        PathHangs(String name) {
            this.name = name;
        }

        // Which attribution the incident shows: the newest hang's, settled over provisional. Decided here,
        // where the reports arrive in order on the path's event loop (single writer), and not on the
        // alerts thread, where merged events no longer say which hang came first.
        private boolean shownAny;
        private long shownStartNanos;
        private boolean shownSettled;

        @Override
        public void stallAttributed(StallAttribution a) {
            if (retired || a.subject() != StallAttribution.Subject.HANG) {
                return;
            }
            long newer = a.startNanos() - shownStartNanos; // monotonic times compare by difference
            boolean show = !shownAny || newer > 0 || newer == 0 && !shownSettled;
            if (!show && a.open()) {
                return; // an earlier hang's provisional view: the incident knows better already
            }
            if (show) {
                shownAny = true;
                shownStartNanos = a.startNanos();
                shownSettled = a.settled();
            }
            manager.stallAttributed(name, a, show);
        }

        @Override
        public void hangStarted(long startNanos, long startEpochNanos) {
            if (retired) {
                return;
            }
            manager.hangStarted(name, Instant.ofEpochSecond(0, startEpochNanos));
        }

        @Override
        public void hangEnded(long startNanos, long endNanos) {
            if (retired) {
                return;
            }
            manager.hangEnded(name, (endNanos - startNanos) / 1e6);
        }
    }
}
