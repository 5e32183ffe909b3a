package io.pathwatch.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual authentication of HELLO with HMAC-SHA256, keyed with the shared secret:
 * <ul>
 * <li>the prober's PROOF is {@code HMAC(secret, "prober" || proberNonce || responderNonce || agent)};</li>
 * <li>the responder's proof in HELLO_OK is {@code HMAC(secret, "responder" || proberNonce ||
 * responderNonce || connectionId || agent)}, cut to {@link Protocol#RESPONDER_PROOF_BYTES}.</li>
 * </ul>
 * Both nonces are fresh per connection, so no proof can be replayed, and neither end can make the
 * other prove something for nonces it chose alone. An empty secret means "open": proofs carry
 * zeros and nothing is checked. A previous secret, during a rotation, is accepted as well and
 * answered in kind. Each thread (an event loop) keeps its own keyed {@link Mac}s, cloned once from
 * a prototype: keying a Mac per handshake costs more than the HMAC itself.
 */
public final class HelloAuth {

    /** Which of the two secrets a peer proved it knows. */
    public enum Key { CURRENT, PREVIOUS }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HMAC = "HmacSHA256";
    private static final byte[] PROBER = "prober".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONDER = "responder".getBytes(StandardCharsets.US_ASCII);

    private final boolean open;
    private final ThreadLocal<Mac> current;
    private final ThreadLocal<Mac> previous;

    public HelloAuth(String secret) {
        this(secret, "");
    }

    /** @param previous the secret before a rotation, accepted too until it is removed; empty for none */
    public HelloAuth(String secret, String previous) {
        this.open = secret == null || secret.isEmpty();
        this.current = open ? null : macs(secret);
        this.previous = open || previous == null || previous.isEmpty() ? null : macs(previous);
    }

    private static ThreadLocal<Mac> macs(String secret) {
        Mac prototype = newMac(secret.getBytes(StandardCharsets.UTF_8));
        return ThreadLocal.withInitial(() -> {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return newMac(secret.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static Mac newMac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public boolean open() {
        return open;
    }

    public static byte[] newNonce() {
        byte[] nonce = new byte[Protocol.TOKEN_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    public static long newConnectionId() {
        return RANDOM.nextLong();
    }

    /** The prober's PROOF, with the current secret. */
    public byte[] proberProof(byte[] proberNonce, byte[] responderNonce, String agent) {
        return open ? new byte[Protocol.TOKEN_BYTES] : proberMac(current, proberNonce, responderNonce, agent);
    }

    /** Which secret the PROOF was made with (constant-time checks), or null if neither; CURRENT when open. */
    public Key verifyProber(byte[] proberNonce, byte[] responderNonce, Hello proof) {
        if (open) {
            return Key.CURRENT;
        }
        if (MessageDigest.isEqual(proberMac(current, proberNonce, responderNonce, proof.agent()), proof.token())) {
            return Key.CURRENT;
        }
        if (previous != null && MessageDigest.isEqual(proberMac(previous, proberNonce, responderNonce, proof.agent()), proof.token())) {
            return Key.PREVIOUS;
        }
        return null;
    }

    /** The responder's proof for HELLO_OK, with the secret the prober used. */
    public byte[] responderProof(Key key, byte[] proberNonce, byte[] responderNonce, long connectionId, String agent) {
        if (open) {
            return new byte[Protocol.RESPONDER_PROOF_BYTES];
        }
        return responderMac(key == Key.PREVIOUS && previous != null ? previous : current, proberNonce, responderNonce, connectionId, agent);
    }

    /** Whether HELLO_OK proves the responder knows the current or the previous secret (false when this end is open). */
    public boolean verifyResponder(byte[] proberNonce, byte[] responderNonce, HelloOk ok, String agent) {
        if (open) {
            return false;
        }
        if (MessageDigest.isEqual(responderMac(current, proberNonce, responderNonce, ok.connectionId(), agent), ok.proof())) {
            return true;
        }
        return previous != null
                && MessageDigest.isEqual(responderMac(previous, proberNonce, responderNonce, ok.connectionId(), agent), ok.proof());
    }

    private static byte[] proberMac(ThreadLocal<Mac> key, byte[] proberNonce, byte[] responderNonce, String agent) {
        Mac mac = key.get();
        mac.update(PROBER);
        mac.update(proberNonce);
        mac.update(responderNonce);
        mac.update(agent.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    private static byte[] responderMac(ThreadLocal<Mac> key, byte[] proberNonce, byte[] responderNonce, long connectionId, String agent) {
        Mac mac = key.get();
        mac.update(RESPONDER);
        mac.update(proberNonce);
        mac.update(responderNonce);
        mac.update(ByteBuffer.allocate(Long.BYTES).putLong(connectionId).array());
        mac.update(agent.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(mac.doFinal(), Protocol.RESPONDER_PROOF_BYTES);
    }
}
