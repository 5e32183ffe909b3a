package io.pathwatch.wire;

import java.util.Arrays;

/**
 * The responder accepted the PROOF. {@code open}: it has no secret and checked nothing.
 * {@code connectionId}: chosen by the responder, logged by both ends (and the key a later request
 * about this connection names). {@code proof}: the responder's own proof that it knows the secret
 * ({@link HelloAuth}), zeros when open.
 */
public record HelloOk(boolean open, long connectionId, byte[] proof) implements Frame {

    public HelloOk {
        if (proof.length != Protocol.RESPONDER_PROOF_BYTES) {
            throw new IllegalArgumentException("proof must be " + Protocol.RESPONDER_PROOF_BYTES + " bytes");
        }
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO_OK;
    }

    @Override
    public int wireSize() {
        return Protocol.HEADER_BYTES + Protocol.HELLO_OK_BODY;
    }

    /** The connection id as both ends log it. */
    public String connection() {
        return String.format("%016x", connectionId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelloOk h && h.open == open && h.connectionId == connectionId && Arrays.equals(h.proof, proof);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Boolean.hashCode(open) + Long.hashCode(connectionId)) + Arrays.hashCode(proof);
    }

    @Override
    public String toString() {
        return "HelloOk[open=" + open + ", connection=" + connection() + "]";
    }
}
