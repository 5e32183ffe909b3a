package io.pathwatch.probe;

/** Phase durations of a handshake in nanoseconds; -1 where the phase did not run. */
record Timings(long dns, long connect, long tls) {

    static final Timings NONE = new Timings(-1, -1, -1);
}
