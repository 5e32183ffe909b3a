package io.pathwatch.wire;

/** Why the responder is closing the connection; the code travels in an ERROR frame. */
public enum ErrorCode {
    BAD_VERSION(1),
    UNKNOWN_TYPE(2),
    FRAME_TOO_LONG(3),
    MALFORMED(4),
    AUTH_FAILED(5),
    NOT_AUTHENTICATED(6),
    RATE_LIMITED(7),
    TOO_MANY_CONNECTIONS(8),
    UNEXPECTED_FRAME(9),
    UNKNOWN(255);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
