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
 */
public final class HelloAuth {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    public HelloAuth(String secret) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
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
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(nonce);
            mac.update(agent.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time check of a PROOF against the nonce this connection was given. */
    public boolean verify(byte[] nonce, Hello proof) {
        return open() || MessageDigest.isEqual(proof(nonce, proof.agent()), proof.token());
    }
}
