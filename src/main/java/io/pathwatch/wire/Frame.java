package io.pathwatch.wire;

/** One decoded frame of the pathwatch protocol. */
public sealed interface Frame permits Hello, HelloOk, Echo, EchoReply, ErrorFrame, PeerInfo, PeerInfoReply {

    FrameType type();

    /** Bytes this frame takes on the wire, header included. */
    int wireSize();
}
