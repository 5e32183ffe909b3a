package io.pathwatch.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS from the prober to one path's target.
 *
 * @param enabled             default false
 * @param trustStore          trust store path; empty means the JDK's default trust
 * @param trustStorePassword  its password
 * @param trustStoreType      {@code PKCS12} (default) or {@code JKS}
 * @param serverName          name for SNI and host-name verification; default: the target host
 * @param insecure            trust any certificate and skip host-name checks; for labs only, logged loudly
 */
public record PathTlsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String trustStore,
        @DefaultValue("") String trustStorePassword,
        @DefaultValue("PKCS12") String trustStoreType,
        @DefaultValue("") String serverName,
        @DefaultValue("false") boolean insecure) {

    public static final PathTlsProperties NONE = new PathTlsProperties(false, "", "", "PKCS12", "", false);

    @Override
    public String toString() {
        return "PathTlsProperties[enabled=" + enabled + ", trustStore=" + trustStore + ", insecure=" + insecure + "]";
    }
}
