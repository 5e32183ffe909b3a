package io.pathwatch.path;

/** Why a probe step failed; {@link #key()} is the name in JSON and metric tags. */
public enum FailureKind {
    REFUSED("refused"),
    TIMEOUT("timeout"),
    RESET("reset"),
    UNREACHABLE("unreachable"),
    DNS_ERROR("dns_error"),
    TLS_ERROR("tls_error"),
    AUTH_REJECTED("auth_rejected"),
    PROTOCOL_ERROR("protocol_error");

    private final String key;

    FailureKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
