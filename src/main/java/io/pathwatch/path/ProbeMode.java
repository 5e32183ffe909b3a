package io.pathwatch.path;

import java.util.Locale;

/** What a path's probes need at the far end, and so what they can measure. */
public enum ProbeMode {
    /**
     * A pathwatch responder: cycles of echoes on fresh connections plus the long-lived stream that
     * catches hangs. The default.
     */
    STREAM,
    /**
     * Any TCP listener: each cycle resolves, connects (and shakes hands in TLS when the path has
     * TLS), then closes. Nothing is sent, so there are no echoes, no stream and no hang detection;
     * a failed connect is the path's loss.
     */
    CONNECT;

    /** The name in configuration and JSON: {@code stream}, {@code connect}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
