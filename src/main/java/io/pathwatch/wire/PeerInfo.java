package io.pathwatch.wire;

/**
 * A PEER_INFO request: the responder's TCP_INFO snapshots of one earlier connection, named by the
 * id its HELLO_OK gave, taken between {@code fromEpochNanos} and {@code toEpochNanos} on the
 * <em>responder's</em> clock (the prober reckons them from the responder's own T2 times, so no
 * clock offset enters). Asked on a fresh authenticated connection: the stalled one cannot carry
 * it. {@code padding} zeros (at least 10) make room for the reply, which is exactly as large as the request,
 * so the prober decides how many snapshots it can get ({@link #ofSnapshots}).
 */
public record PeerInfo(long connectionId, long fromEpochNanos, long toEpochNanos, int padding) implements Frame {

    public PeerInfo {
        // at least room for an empty reply: no reply may be larger than its request
        if (padding < Protocol.PEER_INFO_REPLY_FIXED_BODY - Protocol.PEER_INFO_FIXED_BODY
                || padding > Protocol.MAX_BODY_BYTES - Protocol.PEER_INFO_FIXED_BODY) {
            throw new IllegalArgumentException("padding out of range: " + padding);
        }
    }

    /** A request padded so that its reply has room for {@code snapshots} snapshots. */
    public static PeerInfo ofSnapshots(long connectionId, long fromEpochNanos, long toEpochNanos, int snapshots) {
        int replyBody = Protocol.PEER_INFO_REPLY_FIXED_BODY + snapshots * TcpSnapshot.WIRE_BYTES;
        return new PeerInfo(connectionId, fromEpochNanos, toEpochNanos, Math.max(0, replyBody - Protocol.PEER_INFO_FIXED_BODY));
    }

    /** How many snapshots the reply to this request has room for. */
    public int room() {
        return (bodyBytes() - Protocol.PEER_INFO_REPLY_FIXED_BODY) / TcpSnapshot.WIRE_BYTES;
    }

    public int bodyBytes() {
        return Protocol.PEER_INFO_FIXED_BODY + padding;
    }

    @Override
    public FrameType type() {
        return FrameType.PEER_INFO;
    }

    @Override
    public int wireSize() {
        return Protocol.HEADER_BYTES + bodyBytes();
    }
}
