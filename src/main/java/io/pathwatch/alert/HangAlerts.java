package io.pathwatch.alert;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.ProbeListeners;
import java.time.Instant;

/**
 * The probes' hang reports, for alerting: a hang is raised the moment the stream detects it, not
 * at the end of the window. Every other report is ignored here.
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
