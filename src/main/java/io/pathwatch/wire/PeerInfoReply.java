package io.pathwatch.wire;

import java.util.List;

/**
 * The answer to {@link PeerInfo}, exactly as large as the request ({@link #to}).
 *
 * @param status            what the responder could say
 * @param authenticatedAtEpochNanos when the connection's HELLO_OK was sent (responder's clock), 0 if unknown
 * @param closedAtEpochNanos when it closed on the responder (responder's clock), 0 while open
 * @param lastEchoAtEpochNanos the T2 of the last ECHO the responder's application received on it (responder's clock), 0 if none:
 *                          beside our own last answered echo's T2 it says exactly whether a request arrived after that one
 * @param snapshots         oldest first: the last one taken before {@code from}, then those in the range
 *                          (thinned evenly, first and last kept, when more were taken than fit)
 */
public record PeerInfoReply(long connectionId, Status status, long authenticatedAtEpochNanos, long closedAtEpochNanos,
                            long lastEchoAtEpochNanos, List<TcpSnapshot> snapshots, int padding) implements Frame {

    /** On the wire as its ordinal. */
    public enum Status {
        /** The snapshots are there. */
        OK,
        /** No such connection for this agent, or it closed too long ago: nothing is kept. */
        UNKNOWN_CONNECTION,
        /** The responder runs without native epoll and cannot read TCP_INFO. */
        NO_TCP_INFO;

        static Status of(int code) {
            return code >= 0 && code < values().length ? values()[code] : UNKNOWN_CONNECTION;
        }
    }

    public PeerInfoReply {
        snapshots = List.copyOf(snapshots);
        if (snapshots.size() > 255 || padding < 0) {
            throw new IllegalArgumentException(snapshots.size() + " snapshots, padding " + padding);
        }
    }

    /** The reply to {@code request}: as many of {@code snapshots} as fit (the caller thinned them), padded to the request's size. */
    public static PeerInfoReply to(PeerInfo request, Status status, long authenticatedAt, long closedAt, List<TcpSnapshot> snapshots) {
        return to(request, status, authenticatedAt, closedAt, 0, snapshots);
    }

    /** The same, saying when the last ECHO on the connection arrived. */
    public static PeerInfoReply to(PeerInfo request, Status status, long authenticatedAt, long closedAt, long lastEchoAt,
                                   List<TcpSnapshot> snapshots) {
        if (snapshots.size() > request.room()) {
            throw new IllegalArgumentException(snapshots.size() + " snapshots, room for " + request.room());
        }
        int body = Protocol.PEER_INFO_REPLY_FIXED_BODY + snapshots.size() * TcpSnapshot.WIRE_BYTES;
        return new PeerInfoReply(request.connectionId(), status, authenticatedAt, closedAt, lastEchoAt, snapshots, request.bodyBytes() - body);
    }

    @Override
    public FrameType type() {
        return FrameType.PEER_INFO_REPLY;
    }

    @Override
    public int wireSize() {
        return Protocol.HEADER_BYTES + Protocol.PEER_INFO_REPLY_FIXED_BODY + snapshots.size() * TcpSnapshot.WIRE_BYTES + padding;
    }
}
