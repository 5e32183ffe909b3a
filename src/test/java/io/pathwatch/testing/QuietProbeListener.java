package io.pathwatch.testing;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.ProbeListener;

/** A listener that ignores every report; a test overrides only what it watches. */
public abstract class QuietProbeListener implements ProbeListener {

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
    public void hangStarted(long startNanos, long startEpochNanos) {
    }

    @Override
    public void hangEnded(long startNanos, long endNanos) {
    }

    @Override
    public void streamConnected(long epochNanos) {
    }

    @Override
    public void streamDisconnected(long epochNanos, FailureKind reason) {
    }
}
