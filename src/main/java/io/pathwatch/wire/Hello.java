package io.pathwatch.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A HELLO frame. The handshake has three steps, each answered by a frame no larger than it:
 * the prober's REQUEST (token = the prober's fresh nonce), the responder's CHALLENGE (token = its
 * own fresh nonce) and the prober's PROOF (token = HMAC-SHA256 over both nonces and the agent
 * name, {@link HelloAuth}), answered by HELLO_OK (with the responder's proof) or ERROR.
 */
public record Hello(Step step, byte[] token, String agent) implements Frame {

    public enum Step {
        REQUEST(1), CHALLENGE(2), PROOF(3);

        private final int code;

        Step(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Step of(int code) {
            for (Step s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            return null;
        }
    }

    public Hello {
        if (token.length != Protocol.TOKEN_BYTES) {
            throw new IllegalArgumentException("token must be " + Protocol.TOKEN_BYTES + " bytes");
        }
        if (agent.getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_AGENT_NAME_BYTES) {
            throw new IllegalArgumentException("agent name longer than " + Protocol.MAX_AGENT_NAME_BYTES + " bytes");
        }
    }

    public static Hello request(String agent, byte[] proberNonce) {
        return new Hello(Step.REQUEST, proberNonce, agent);
    }

    /** A REQUEST with a fresh nonce (tests and tools that do not need to know it). */
    public static Hello request(String agent) {
        return request(agent, HelloAuth.newNonce());
    }

    public static Hello challenge(byte[] nonce) {
        return new Hello(Step.CHALLENGE, nonce, "");
    }

    public static Hello proof(byte[] mac, String agent) {
        return new Hello(Step.PROOF, mac, agent);
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO;
    }

    @Override
    public int wireSize() {
        return Protocol.HEADER_BYTES + Protocol.HELLO_MIN_BODY + agent.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hello h && h.step == step && Arrays.equals(h.token, token) && h.agent.equals(agent);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * step.hashCode() + Arrays.hashCode(token)) + agent.hashCode();
    }

    @Override
    public String toString() {
        return "Hello[" + step + ", agent=" + agent + "]";
    }
}
