package io.pathwatch.probe;

import java.net.InetAddress;

/**
 * Phase durations of a handshake in nanoseconds; -1 where the phase did not run. {@code connection}:
 * the id the responder gave the connection in HELLO_OK (both ends log it), null before that.
 * {@code address}: what the target resolved to, null before (or without) a resolve.
 */
record Timings(long dns, long connect, long tls, String connection, InetAddress address) {

    static final Timings NONE = new Timings(-1, -1, -1, null, null);
}
