package io.pathwatch.probe;

/**
 * Phase durations of a handshake in nanoseconds; -1 where the phase did not run. {@code connection}:
 * the id the responder gave the connection in HELLO_OK (both ends log it), null before that.
 */
record Timings(long dns, long connect, long tls, String connection) {

    static final Timings NONE = new Timings(-1, -1, -1, null);
}
