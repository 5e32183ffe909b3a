package io.pathwatch.wire;

/** An ERROR frame; the sender closes the connection right after it. */
public record ErrorFrame(ErrorCode code) implements Frame {

    @Override
    public FrameType type() {
        return FrameType.ERROR;
    }

    @Override
    public int wireSize() {
        return Protocol.ERROR_FRAME;
    }
}
