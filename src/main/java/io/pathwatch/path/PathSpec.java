package io.pathwatch.path;

import java.util.Map;
import java.util.Objects;

/**
 * One monitored path.
 *
 * @param name     unique name, the {@code path} tag
 * @param host     target host name or IP literal (IPv6 without brackets)
 * @param port     target port
 * @param tls      TLS settings, or null for plain TCP
 * @param tags     free-form labels from the configuration
 * @param settings effective probe settings
 * @param mode     what the far end must run, and so what is measured ({@link ProbeMode})
 * @param egress   the local address and DSCP of the path's connections
 */
public record PathSpec(String name, String host, int port, TlsSpec tls, Map<String, String> tags, ProbeSettings settings, ProbeMode mode,
        Egress egress) {

    public PathSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(host);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(settings);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(egress);
    }

    /** A path to a pathwatch responder ({@link ProbeMode#STREAM}) leaving by the kernel's choice of address. */
    public PathSpec(String name, String host, int port, TlsSpec tls, Map<String, String> tags, ProbeSettings settings) {
        this(name, host, port, tls, tags, settings, ProbeMode.STREAM, Egress.DEFAULT);
    }

    /**
     * What must stay the same for figures kept across a restart (history, baselines) to be this
     * path's own: the target, TLS, the mode, the echo count and the payload size.
     */
    public String identity() {
        String what = mode == ProbeMode.CONNECT ? " connect" : " echoes=" + settings.echoCount() + " payload=" + settings.payloadBytes();
        return target() + (tls != null ? " tls" : "") + what;
    }

    /** The same path with other tags (tags never change what is measured). */
    public PathSpec withTags(Map<String, String> other) {
        return new PathSpec(name, host, port, tls, other, settings, mode, egress);
    }

    /** The same path probed in another mode. */
    public PathSpec withMode(ProbeMode other) {
        return new PathSpec(name, host, port, tls, tags, settings, other, egress);
    }

    /** The same path leaving another way. */
    public PathSpec withEgress(Egress other) {
        return new PathSpec(name, host, port, tls, tags, settings, mode, other);
    }

    /** True when the far end is a pathwatch responder, so echoes, the stream and hangs are measured. */
    public boolean streams() {
        return mode == ProbeMode.STREAM;
    }

    /** The target as configured: {@code host:port}, IPv6 in brackets. */
    public String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static String[] splitTarget(String target) {
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, target.substring(colon + 1)};
    }
}
