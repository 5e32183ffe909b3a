package io.pathwatch.stats;

import io.pathwatch.path.CycleOutcome;
import io.pathwatch.path.EchoSample;
import io.pathwatch.path.FailureKind;
import io.pathwatch.path.Phase;
import io.pathwatch.path.ProbeListener;
import io.pathwatch.path.StallAttribution;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * The write side of one path's statistics: what its probes report goes into the active
 * {@link Interval} (raw samples into primitive buffers, counts into plain fields) without a lock;
 * the stats thread swaps intervals under a {@link WriterReaderPhaser}, as HdrHistogram's
 * {@code SingleWriterRecorder} does. {@link ProbeListener} promises one writer per path, so a
 * report costs a few array stores between two atomic increments. Stream state and the
 * {@link HangLedger} (and the latest hang's {@link HangMark}, with its cause) are published as
 * volatile values for live queries. A cycle that failed with
 * a {@code local_error} is the agent's fault, not the path's: it counts as a cycle not run (its
 * schedule lag and a local-error count, nothing else) and goes to the agent's {@link LocalErrors}.
 * A connect-mode path's probe is the connection attempt itself: each cycle that got as far as
 * connecting counts as one probe sent, and one whose connect failed as one lost, so its loss is
 * the share of failed connects (a failed resolve is an error, but no connect was tried).
 */
final class PathRecorder implements ProbeListener {

    private final String path;
    private final boolean connectsAreProbes;
    private final LocalErrors localErrors;
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Interval active = new Interval();
    private Interval spare = new Interval();

    // The writer's own: the RFC 3550 estimator runs across windows.
    private double jitterNanos;
    private long previousSentRtt = -1;

    private final java.time.Clock wallClock;
    private volatile LastCycle lastCycle;
    private volatile HangLedger hangs = HangLedger.EMPTY;
    private volatile HangMark lastHang;
    private volatile boolean streamConnected;
    private volatile long streamSinceEpochNanos;
    private volatile long disconnectsTotal;

    PathRecorder(String path, LocalErrors localErrors) {
        this(path, false, localErrors, java.time.Clock.systemUTC());
    }

    /**
     * @param connectsAreProbes a connect-mode path: connection attempts are its probes, failed ones its loss
     * @param wallClock         dates the latest cycle
     */
    PathRecorder(String path, boolean connectsAreProbes, LocalErrors localErrors, java.time.Clock wallClock) {
        this.connectsAreProbes = connectsAreProbes;
        this.wallClock = wallClock;
        this.path = path;
        this.localErrors = localErrors;
    }

    // ---- writer: the path's event loop ----

    @Override
    public void cycleCompleted(CycleOutcome o) {
        lastCycle = new LastCycle(wallClock.instant(), o.address(), o.failure() == null ? null : o.failure().key(),
                o.failedPhase() == null ? null : o.failedPhase().name(), o.connectNanos() < 0 ? null : o.connectNanos() / 1e6);
        if (o.failure() == FailureKind.LOCAL_ERROR) {
            localErrors.record(path, o.detail());
        }
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Interval i = active;
            i.sample(Figure.LAG, o.lagNanos());
            i.sample(Figure.SELF_LAG, o.lagNanos());
            if (o.failure() == FailureKind.LOCAL_ERROR) {
                // what it measured before the error is dropped too: no half cycles in the path's figures
                i.error(FailureKind.LOCAL_ERROR);
                return;
            }
            if (o.dnsNanos() >= 0) {
                i.sample(Figure.DNS, o.dnsNanos());
            }
            if (o.connectNanos() >= 0) {
                i.sample(Figure.CONNECT, o.connectNanos());
            }
            if (o.tlsNanos() >= 0) {
                i.sample(Figure.TLS, o.tlsNanos());
            }
            long forward = 0;
            long reverse = 0;
            long minNetwork = Long.MAX_VALUE;
            long offsetAtMin = 0;
            for (EchoSample e : o.echoes()) {
                i.sample(Figure.RTT, e.rttNanos());
                forward += e.forwardNanos();
                reverse += e.reverseNanos();
                if (e.networkRttNanos() < minNetwork) {
                    minNetwork = e.networkRttNanos();
                    offsetAtMin = (e.forwardNanos() - e.reverseNanos()) / 2;
                }
            }
            i.add(Count.CYCLES, 1);
            if (!o.succeeded()) {
                i.add(Count.CYCLES_FAILED, 1);
                i.error(o.failure());
            }
            if (connectsAreProbes) {
                boolean tried = o.failedPhase() != Phase.DNS;
                i.add(Count.ECHOES_SENT, tried ? 1 : 0);
                i.add(Count.ECHOES_LOST, o.failedPhase() == Phase.CONNECT ? 1 : 0);
            } else {
                i.add(Count.ECHOES_SENT, o.echoesSent());
                i.add(Count.ECHOES_LOST, o.echoesLost());
            }
            if (!o.echoes().isEmpty()) {
                i.add(Count.FORWARD_SUM_NS, forward);
                i.add(Count.REVERSE_SUM_NS, reverse);
                i.add(Count.ONE_WAY_SAMPLES, o.echoes().size());
                i.minOffset(minNetwork, offsetAtMin);
            }
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    @Override
    public void cycleSkipped(long lagNanos) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Interval i = active;
            i.sample(Figure.LAG, lagNanos);
            i.sample(Figure.SELF_LAG, lagNanos);
            i.add(Count.CYCLES_SKIPPED, 1);
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    @Override
    public void heartbeatTick(long lateNanos, boolean written) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Interval i = active;
            i.sample(Figure.SELF_LAG, lateNanos);
            i.add(written ? Count.HEARTBEATS_SENT : Count.HEARTBEATS_UNSENT, 1);
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    /**
     * The stream RTT histogram takes every echo from its intended send time, late ones with their
     * true RTT. Jitter (RFC 3550 §6.4.1, {@code J += (|D| − J) / 16} over consecutive RTTs) takes
     * RTTs from the actual send time, so the prober's timer lateness is not jitter, and skips late
     * echoes and the burst that ends a hang: a stall is a hang, not jitter. After such a burst the
     * estimator's previous RTT is forgotten, so the first normal echo is not compared with it.
     */
    @Override
    public void heartbeatEchoed(long rttNanos, long sentRttNanos, boolean late, boolean afterStall) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Interval i = active;
            i.sample(Figure.STREAM_RTT, rttNanos);
            i.add(Count.HEARTBEATS_DECIDED, 1);
            if (late) {
                i.add(Count.HEARTBEATS_LATE, 1);
            }
            if (late || afterStall) {
                previousSentRtt = -1;
                return;
            }
            if (previousSentRtt >= 0) {
                jitterNanos += (Math.abs(sentRttNanos - previousSentRtt) - jitterNanos) / 16.0;
                i.add(Count.JITTER_SUM_NS, Math.round(jitterNanos));
                i.add(Count.JITTER_SAMPLES, 1);
            }
            previousSentRtt = sentRttNanos;
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    @Override
    public void heartbeatsLost(int n) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Interval i = active;
            i.add(Count.HEARTBEATS_DECIDED, n);
            i.add(Count.HEARTBEATS_LOST, n);
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    @Override
    public void hangStarted(long startNanos, long startEpochNanos) {
        HangLedger h = hangs;
        if (!h.open()) {
            hangs = h.start(startNanos, startEpochNanos);
            lastHang = HangMark.started(startNanos, startEpochNanos);
        }
    }

    @Override
    public void hangEnded(long startNanos, long endNanos) {
        HangLedger h = hangs;
        if (h.open()) {
            long phase = phaser.writerCriticalSectionEnter();
            try {
                active.max(Count.HANG_LONGEST_NS, endNanos - h.openStart());
            } finally {
                phaser.writerCriticalSectionExit(phase);
            }
            hangs = h.end(endNanos);
        }
        HangMark m = lastHang;
        if (m != null) {
            lastHang = m.ended(startNanos, endNanos);
        }
    }

    /**
     * A hang's attribution updates the latest hang's cause (provisional ones too); only a settled
     * one counts, by cause, in the window it settles in, so each stall counts once however many
     * provisional views preceded it.
     */
    @Override
    public void stallAttributed(StallAttribution a) {
        if (a.subject() == StallAttribution.Subject.HANG) {
            lastHang = HangMark.attributed(lastHang, a);
        }
        if (!a.settled()) {
            return;
        }
        long phase = phaser.writerCriticalSectionEnter();
        try {
            active.add(a.subject() == StallAttribution.Subject.HANG ? Count.hangCause(a.cause()) : Count.cycleCause(a.cause()), 1);
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    @Override
    public void kernelRtt(long srttNanos) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            active.sample(Figure.KERNEL_RTT, srttNanos);
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    @Override
    public void streamConnected(long epochNanos) {
        previousSentRtt = -1;
        streamSinceEpochNanos = epochNanos;
        streamConnected = true;
    }

    @Override
    public void streamDisconnected(long epochNanos, FailureKind reason) {
        streamConnected = false;
        streamSinceEpochNanos = epochNanos;
        disconnectsTotal++;
        long phase = phaser.writerCriticalSectionEnter();
        try {
            active.add(Count.DISCONNECTS, 1);
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    // ---- readers ----

    /**
     * The stats thread's harvest: swaps the active interval for the spare one and returns what
     * was written since the last call. The caller reads it and hands it back with {@link #recycle}
     * before the next swap.
     */
    Interval swap() {
        phaser.readerLock();
        try {
            Interval filled = active;
            active = spare;
            phaser.flipPhase();
            return filled;
        } finally {
            phaser.readerUnlock();
        }
    }

    void recycle(Interval read) {
        read.reset();
        spare = read;
    }

    HangLedger hangs() {
        return hangs;
    }

    LastCycle lastCycle() {
        return lastCycle;
    }

    HangMark lastHang() {
        return lastHang;
    }

    StreamState stream() {
        long since = streamSinceEpochNanos;
        return new StreamState(streamConnected, since == 0 ? null : java.time.Instant.ofEpochSecond(0, since), disconnectsTotal);
    }
}
