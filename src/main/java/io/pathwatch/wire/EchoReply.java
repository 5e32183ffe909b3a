package io.pathwatch.wire;

/** An ECHO_REPLY: the request's sequence and T1, the responder's T2 (receive) and T3 (send). */
public record EchoReply(long sequence, long t1, long t2, long t3, int padding) implements Frame {

    @Override
    public FrameType type() {
        return FrameType.ECHO_REPLY;
    }

    @Override
    public int wireSize() {
        return Protocol.ECHO_MIN_FRAME + padding;
    }
}
