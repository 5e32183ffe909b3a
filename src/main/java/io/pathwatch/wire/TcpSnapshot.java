package io.pathwatch.wire;

/**
 * The fields of one socket's TCP_INFO that tell where a stall is, as the kernel gave them at
 * {@code takenAtEpochNanos} (the taker's wall clock). Times from the kernel are as it keeps them:
 * {@code rto}, {@code rtt} (its smoothed RTT) and {@code rttvar} in microseconds,
 * {@code lastData…}/{@code lastAckRecv} in milliseconds since that event. Counts are segments.
 * Travels in PEER_INFO_REPLY as {@link #WIRE_BYTES} bytes (numbers above 2^32 − 1 are sent as that).
 *
 * @param state        TCP state (1 ESTABLISHED … 11 CLOSING)
 * @param retransmits  RTO retransmissions in a row of the oldest unacknowledged segment (0 once it is acknowledged)
 * @param backoff      RTO doublings now in force
 * @param unacked      segments sent and not acknowledged
 * @param lost         segments the kernel thinks lost
 * @param totalRetrans segments retransmitted over the connection's life
 */
public record TcpSnapshot(long takenAtEpochNanos, int state, int retransmits, int backoff, long rtoMicros, long rttMicros,
                          long rttvarMicros, long sndCwnd, long unacked, long lost, long totalRetrans, long lastDataSentMillis,
                          long lastDataRecvMillis, long lastAckRecvMillis) {

    /** taken at (8) + state, retransmits, backoff, reserved (1 each) + ten unsigned 32-bit fields. */
    public static final int WIRE_BYTES = 8 + 4 + 10 * 4;

    public static final int STATE_ESTABLISHED = 1;

    /** The moment (taker's wall clock) the kernel last received data on this socket. */
    public long lastDataRecvAtEpochNanos() {
        return takenAtEpochNanos - lastDataRecvMillis * 1_000_000L;
    }

}
