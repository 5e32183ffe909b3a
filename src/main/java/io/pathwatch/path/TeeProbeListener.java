package io.pathwatch.path;

import java.util.List;

/** Hands every report to each of several listeners, in order. */
final class TeeProbeListener implements ProbeListener {

    private final List<ProbeListener> all;

    TeeProbeListener(List<ProbeListener> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void cycleCompleted(CycleOutcome outcome) {
        all.forEach(l -> l.cycleCompleted(outcome));
    }

    @Override
    public void cycleSkipped(long lagNanos) {
        all.forEach(l -> l.cycleSkipped(lagNanos));
    }

    @Override
    public void streamEcho(long rttNanos) {
        all.forEach(l -> l.streamEcho(rttNanos));
    }

    @Override
    public void heartbeatSent() {
        all.forEach(ProbeListener::heartbeatSent);
    }

    @Override
    public void heartbeatsLost(int count) {
        all.forEach(l -> l.heartbeatsLost(count));
    }

    @Override
    public void hangStarted(long startEpochNanos) {
        all.forEach(l -> l.hangStarted(startEpochNanos));
    }

    @Override
    public void hangEnded(long startEpochNanos, long durationNanos) {
        all.forEach(l -> l.hangEnded(startEpochNanos, durationNanos));
    }

    @Override
    public void streamConnected(long epochNanos) {
        all.forEach(l -> l.streamConnected(epochNanos));
    }

    @Override
    public void streamDisconnected(long epochNanos, FailureKind reason) {
        all.forEach(l -> l.streamDisconnected(epochNanos, reason));
    }
}
