package io.pathwatch.path;

/** TLS to a path's target; {@code trustStore} empty means the JDK's default trust. */
public record TlsSpec(String trustStore, String trustStorePassword, String trustStoreType, String serverName, boolean insecure) {

    @Override
    public String toString() {
        return "TlsSpec[trustStore=" + trustStore + ", serverName=" + serverName + ", insecure=" + insecure + "]";
    }
}
