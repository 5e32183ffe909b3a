package io.pathwatch.wire;

import io.netty.handler.codec.CorruptedFrameException;

/** Input that is not a valid frame; the connection is answered with {@link #code()} and closed. */
public final class ProtocolViolation extends CorruptedFrameException {

    private final ErrorCode code;

    public ProtocolViolation(ErrorCode code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
