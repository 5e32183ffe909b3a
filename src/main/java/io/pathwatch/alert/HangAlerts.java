package io.pathwatch.alert;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeListeners;
import io.pathwatch.path.StallAttribution;
import java.time.Instant;

/**
 * The probes' hang reports, for alerting: a hang is raised the moment the stream detects it, not
 * at the end of the window, and its cause follows when the probe has decided it. Failed cycles'
 * causes and every other report are ignored here (a path's state alerts come from its health rules).
 */
public final class HangAlerts implements ProbeListeners {

    private final AlertManager manager;

    public HangAlerts(AlertManager manager) {
        this.manager = manager;
    }

    @Override
    public ProbeListener forPath(PathSpec path) {
        String name = path.name();
        return new ProbeListener() {
            // Which attribution the incident shows: the newest hang's, settled over provisional. Decided here,
            // where the reports arrive in order on the path's event loop (single writer), and not on the
            // alerts thread, where merged events no longer say which hang came first.
            private boolean shownAny;
            private long shownStartNanos;
            private boolean shownSettled;

            @Override
            public void stallAttributed(StallAttribution a) {
                if (a.subject() != StallAttribution.Subject.HANG) {
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
                manager.hangStarted(name, Instant.ofEpochSecond(0, startEpochNanos));
            }

            @Override
            public void hangEnded(long startNanos, long endNanos) {
                manager.hangEnded(name, (endNanos - startNanos) / 1e6);
            }

            @Override
            public void cycleCompleted(CycleOutcome outcome) {
            }

            @Override
            public void cycleSkipped(long lagNanos) {
            }

            @Override
            public void heartbeatTick(long lateNanos, boolean written) {
            }

            @Override
            public void heartbeatEchoed(long rttNanos, long sentRttNanos, boolean late, boolean afterStall) {
            }

            @Override
            public void heartbeatsLost(int count) {
            }

            @Override
            public void streamConnected(long epochNanos) {
            }

            @Override
            public void streamDisconnected(long epochNanos, FailureKind reason) {
            }
        };
    }
}
