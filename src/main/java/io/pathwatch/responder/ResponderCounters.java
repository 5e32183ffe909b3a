package io.pathwatch.responder;

import io.pathwatch.wire.PeerInfoReply;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the responder has done since start; read by its health details. */
final class ResponderCounters {
    final LongAdder connections = new LongAdder();
    final LongAdder echoes = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder idleClosed = new LongAdder();
    final LongAdder helloTimeouts = new LongAdder();
    final LongAdder writeStalled = new LongAdder();
    /** Connections refused for a PROXY header that is not a valid v2 one. */
    final LongAdder proxyHeaderInvalid = new LongAdder();
    final LongAdder proxyUntrusted = new LongAdder();
    /** Connections closed at the HELLO deadline without a complete PROXY header. */
    final LongAdder proxyHeaderTimeouts = new LongAdder();
    /** PEER_INFO requests answered, by the reply's status. */
    private final Map<PeerInfoReply.Status, LongAdder> peerInfo = new EnumMap<>(PeerInfoReply.Status.class);

    ResponderCounters() {
        for (PeerInfoReply.Status status : PeerInfoReply.Status.values()) {
            peerInfo.put(status, new LongAdder());
        }
    }

    LongAdder peerInfo(PeerInfoReply.Status status) {
        return peerInfo.get(status);
    }
}
