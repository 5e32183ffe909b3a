package io.pathwatch.wire;

/** The frame types of protocol version 2 and their codes on the wire. */
public enum FrameType {
    HELLO(1),
    HELLO_OK(2),
    ECHO(3),
    ECHO_REPLY(4),
    ERROR(5),
    PEER_INFO(6),
    PEER_INFO_REPLY(7);

    private static final FrameType[] BY_CODE = {null, HELLO, HELLO_OK, ECHO, ECHO_REPLY, ERROR, PEER_INFO, PEER_INFO_REPLY};

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null for a code version 2 does not know. */
    public static FrameType of(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
