package io.pathwatch.path;

import java.util.Locale;

/**
 * The errno behind a {@link FailureKind#LOCAL_ERROR}, found in an exception's text. Netty's native
 * transport reports {@code connect(..) failed: Cannot assign requested address}, the JDK's NIO
 * {@code java.net.BindException: Cannot assign requested address} or
 * {@code java.io.IOException: Too many open files}: the strerror text is what both have in common.
 */
public enum LocalCause {
    /** No ephemeral port left for this destination (ip_local_port_range used up, e.g. by TIME_WAIT). */
    EADDRNOTAVAIL("cannot assign requested address"),
    /** A bound source address's ephemeral ports are all taken (bind before connect cannot pick by destination). */
    EADDRINUSE("address already in use"),
    /** The system-wide file table is full; before EMFILE, whose text is a prefix of this one. */
    ENFILE("too many open files in system"),
    /** This process reached its file-descriptor limit (ulimit -n). */
    EMFILE("too many open files"),
    /** The kernel has no socket buffer memory left. */
    ENOBUFS("no buffer space available"),
    /** The kernel could not allocate memory for the call. */
    ENOMEM("cannot allocate memory");

    private final String text;

    LocalCause(String text) {
        this.text = text;
    }

    /** The cause whose strerror text {@code message} contains, or null for none. */
    public static LocalCause in(String message) {
        if (message == null) {
            return null;
        }
        String m = message.toLowerCase(Locale.ROOT);
        for (LocalCause c : values()) {
            if (m.contains(c.text)) {
                return c;
            }
        }
        return null;
    }
}
