package io.pathwatch.wire;

/**
 * An ECHO request. {@code t1} is the prober's wall clock at send (epoch nanoseconds);
 * {@code padding} zero bytes fill the frame to the chosen payload size, and the reply has exactly
 * as many, so a reply is never larger than its request.
 */
public record Echo(long sequence, long t1, int padding) implements Frame {

    public Echo {
        if (padding < 0 || padding > Protocol.MAX_BODY_BYTES - Protocol.ECHO_FIXED_BODY) {
            throw new IllegalArgumentException("padding out of range: " + padding);
        }
    }

    /** An echo whose whole frame is {@code frameBytes} long. */
    public static Echo ofFrameSize(long sequence, long t1, int frameBytes) {
        return new Echo(sequence, t1, frameBytes - Protocol.ECHO_MIN_FRAME);
    }

    /** The reply the responder sends, with its receive (T2) and send (T3) wall-clock times. */
    public EchoReply reply(long t2, long t3) {
        return new EchoReply(sequence, t1, t2, t3, padding);
    }

    @Override
    public FrameType type() {
        return FrameType.ECHO;
    }

    @Override
    public int wireSize() {
        return Protocol.ECHO_MIN_FRAME + padding;
    }
}
