package io.pathwatch.wire;

/** The responder accepted the PROOF; {@code open} says it has no secret and checked nothing. */
public record HelloOk(boolean open) implements Frame {

    @Override
    public FrameType type() {
        return FrameType.HELLO_OK;
    }

    @Override
    public int wireSize() {
        return Protocol.HEADER_BYTES + Protocol.HELLO_OK_BODY;
    }
}
