package io.pathwatch.config;

import jakarta.validation.constraints.AssertTrue;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS on the responder (pathwatch's own TLS, without stunnel).
 *
 * @param enabled           default false
 * @param keyStore          path of the key store holding the server key and certificate
 * @param keyStorePassword  its password
 * @param keyStoreType      {@code PKCS12} (default) or {@code JKS}
 */
public record ResponderTlsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String keyStore,
        @DefaultValue("") String keyStorePassword,
        @DefaultValue("PKCS12") String keyStoreType) {

    @AssertTrue(message = "pathwatch.responder.tls.key-store is required when TLS is enabled")
    public boolean isKeyStoreSet() {
        return !enabled || !keyStore.isBlank();
    }

    @Override
    public String toString() {
        return "ResponderTlsProperties[enabled=" + enabled + ", keyStore=" + keyStore + "]";
    }
}
