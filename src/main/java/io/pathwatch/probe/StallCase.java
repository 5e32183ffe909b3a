package io.pathwatch.probe;

import io.pathwatch.path.StallAttribution;
import io.pathwatch.wire.PeerInfoReply;
import io.pathwatch.wire.TcpSnapshot;
import java.util.List;

/**
 * Everything known about one stall when it is judged.
 *
 * @param prober           our socket's snapshots while the stall lasted, oldest first (may be empty); not the one at its end,
 *                         which shows the recovery
 * @param proberAtEnd      our socket's snapshot at the stall's end (or at the give-up), or null
 * @param proberMissing    why {@code prober} is empty, or null
 * @param reset            the connection was reset or closed by the far end during the stall
 * @param maxLagNanos      the prober's worst own lag (heartbeat or scheduler lateness) during the stall
 * @param lagThresholdNanos the path's max-self-lag
 * @param markerEpochNanos on the responder's clock, when it received the last request whose reply reached us
 *                         (the T2 of our last echo); 0 when no echo came back on the connection
 * @param markerLocalEpochNanos on our clock, when we received that last reply (or HELLO_OK)
 * @param elapsedNanos     from our receipt of that last reply (or of HELLO_OK) to the stall's end, or to now while open
 * @param heartbeatNanos   the request spacing (heartbeat, or the cycle's timeout for a cycle)
 * @param responder        the responder's PEER_INFO answer, or null
 * @param responderMissing why {@code responder} is null, or null
 */
record StallCase(StallAttribution.Subject subject, long startNanos, long startEpochNanos, long durationNanos, boolean open,
                 List<TcpSnapshot> prober, TcpSnapshot proberAtEnd, String proberMissing, boolean reset, long maxLagNanos, long lagThresholdNanos,
                 long markerEpochNanos, long markerLocalEpochNanos, long elapsedNanos, long heartbeatNanos, PeerInfoReply responder, String responderMissing) {

    StallCase {
        prober = List.copyOf(prober);
    }
}
