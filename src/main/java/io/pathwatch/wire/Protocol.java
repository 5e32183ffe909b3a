package io.pathwatch.wire;

/** Constants of protocol version 2; {@code docs/protocol.md} is the byte-by-byte description. */
public final class Protocol {

    public static final int VERSION = 2;
    /** version (1) + type (1) + body length (2). */
    public static final int HEADER_BYTES = 4;
    /** The largest body a 16-bit length can announce. */
    public static final int MAX_BODY_BYTES = 0xFFFF;

    /** HELLO body: step (1) + token (32) + agent-name length (1) + agent name (0..64). */
    public static final int TOKEN_BYTES = 32;
    public static final int MAX_AGENT_NAME_BYTES = 64;
    public static final int HELLO_MIN_BODY = 1 + TOKEN_BYTES + 1;

    /** ECHO body: sequence (8) + T1 (8) + T2 (8) + T3 (8) + padding. */
    public static final int ECHO_FIXED_BODY = 32;
    /** The smallest ECHO frame; a payload size below this cannot be sent. */
    public static final int ECHO_MIN_FRAME = HEADER_BYTES + ECHO_FIXED_BODY;

    /** HELLO_OK body: flags (1) + connection id (8) + the responder's proof (24). */
    public static final int RESPONDER_PROOF_BYTES = 24;
    public static final int HELLO_OK_BODY = 1 + 8 + RESPONDER_PROOF_BYTES;
    /** PEER_INFO body: connection id (8) + from (8) + to (8) + padding. */
    public static final int PEER_INFO_FIXED_BODY = 24;
    /**
     * PEER_INFO_REPLY body: connection id (8) + status (1) + authenticated at (8) + closed at (8) + last echo at (8) + count (1)
     * + snapshots + padding.
     */
    public static final int PEER_INFO_REPLY_FIXED_BODY = 34;
    public static final int ERROR_BODY = 1;
    public static final int ERROR_FRAME = HEADER_BYTES + ERROR_BODY;

    /** HELLO_OK flag: the responder has no secret and accepted the HELLO without checking it. */
    public static final int FLAG_OPEN = 1;

    private Protocol() {
    }
}
