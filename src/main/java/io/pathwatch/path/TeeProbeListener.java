package io.pathwatch.path;

import java.util.List;

/** Hands every report to each of several listeners, in order (an array and plain loops: nothing allocated per report). */
final class TeeProbeListener implements ProbeListener {

    private final ProbeListener[] all;

    TeeProbeListener(List<ProbeListener> all) {
        this.all = all.toArray(ProbeListener[]::new);
    }

    @Override
    public void cycleCompleted(CycleOutcome outcome) {
        for (ProbeListener l : all) {
            l.cycleCompleted(outcome);
        }
    }

    @Override
    public void cycleSkipped(long lagNanos) {
        for (ProbeListener l : all) {
            l.cycleSkipped(lagNanos);
        }
    }

    @Override
    public void heartbeatTick(long lateNanos, boolean written) {
        for (ProbeListener l : all) {
            l.heartbeatTick(lateNanos, written);
        }
    }

    @Override
    public void heartbeatEchoed(long rttNanos, long sentRttNanos, boolean late, boolean afterStall) {
        for (ProbeListener l : all) {
            l.heartbeatEchoed(rttNanos, sentRttNanos, late, afterStall);
        }
    }

    @Override
    public void heartbeatsLost(int count) {
        for (ProbeListener l : all) {
            l.heartbeatsLost(count);
        }
    }

    @Override
    public void hangStarted(long startNanos, long startEpochNanos) {
        for (ProbeListener l : all) {
            l.hangStarted(startNanos, startEpochNanos);
        }
    }

    @Override
    public void hangEnded(long startNanos, long endNanos) {
        for (ProbeListener l : all) {
            l.hangEnded(startNanos, endNanos);
        }
    }

    @Override
    public void streamConnected(long epochNanos) {
        for (ProbeListener l : all) {
            l.streamConnected(epochNanos);
        }
    }

    @Override
    public void streamDisconnected(long epochNanos, FailureKind reason) {
        for (ProbeListener l : all) {
            l.streamDisconnected(epochNanos, reason);
        }
    }

    @Override
    public void stallAttributed(StallAttribution attribution) {
        for (ProbeListener l : all) {
            l.stallAttributed(attribution);
        }
    }

    @Override
    public void kernelRtt(long srttNanos) {
        for (ProbeListener l : all) {
            l.kernelRtt(srttNanos);
        }
    }
}
