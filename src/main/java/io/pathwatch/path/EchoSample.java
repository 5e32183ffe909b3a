package io.pathwatch.path;

/**
 * One echo round trip.
 *
 * @param rttNanos  T4 − T1 on the prober's monotonic clock
 * @param t1        prober send, wall clock (epoch ns)
 * @param t2        responder receive, its wall clock (epoch ns)
 * @param t3        responder send, its wall clock (epoch ns)
 * @param t4        prober receive, wall clock (epoch ns): T1 plus the monotonic RTT
 */
public record EchoSample(long rttNanos, long t1, long t2, long t3, long t4) {

    /** The RTT without the responder's own time: {@code rtt − (T3 − T2)}. */
    public long networkRttNanos() {
        return rttNanos - (t3 - t2);
    }

    public long forwardNanos() {
        return t2 - t1;
    }

    public long reverseNanos() {
        return t4 - t3;
    }
}
