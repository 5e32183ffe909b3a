package io.pathwatch.wire;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over the responder's nonce and the prober's agent name, keyed with the shared
 * secret. An empty secret means "open": proofs carry zeros and the responder accepts anything.
 * Each thread (an event loop) keeps its own keyed {@link Mac}, cloned once from a prototype:
 * looking up the provider and keying a Mac per handshake costs more than the HMAC itself.
 */
public final class HelloAuth {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HMAC = "HmacSHA256";

    private final byte[] secret;
    private final ThreadLocal<Mac> macs;

    public HelloAuth(String secret) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (open()) {
            this.macs = null;
            return;
        }
        Mac prototype = newMac();
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return newMac();
            }
        });
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public boolean open() {
        return secret.length == 0;
    }

    public static byte[] newNonce() {
        byte[] nonce = new byte[Protocol.TOKEN_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    public byte[] proof(byte[] nonce, String agent) {
        if (open()) {
            return new byte[Protocol.TOKEN_BYTES];
        }
        Mac mac = macs.get();
        mac.update(nonce);
        mac.update(agent.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    /** Constant-time check of a PROOF against the nonce this connection was given. */
    public boolean verify(byte[] nonce, Hello proof) {
        return open() || MessageDigest.isEqual(proof(nonce, proof.agent()), proof.token());
    }
}
