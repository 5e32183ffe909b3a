package io.pathwatch.path;

/**
 * Why a probe step failed; {@link #key()} is the name in JSON and metric tags. Every kind but
 * {@link #LOCAL_ERROR} is a fault of the path; a local error is the agent's own.
 */
public enum FailureKind {
    REFUSED("refused"),
    TIMEOUT("timeout"),
    RESET("reset"),
    UNREACHABLE("unreachable"),
    DNS_ERROR("dns_error"),
    TLS_ERROR("tls_error"),
    AUTH_REJECTED("auth_rejected"),
    PROTOCOL_ERROR("protocol_error"),
    /**
     * The agent ran out of something of its own ({@link LocalCause}: ephemeral ports, file
     * descriptors, socket buffers, memory). Kept apart from the path's figures: blaming the
     * network for it would page the wrong people, and a busy prober would "see" every path fail.
     */
    LOCAL_ERROR("local_error");

    private final String key;

    FailureKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
