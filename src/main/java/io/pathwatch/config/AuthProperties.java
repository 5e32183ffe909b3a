package io.pathwatch.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secret the shared HMAC secret both ends use in HELLO; empty (the default) means open:
 *               the responder answers anyone, and both ends log a warning at start-up
 */
public record AuthProperties(@DefaultValue("") String secret) {

    public boolean open() {
        return secret.isEmpty();
    }

    @Override
    public String toString() {
        return "AuthProperties[secret=" + (open() ? "<empty>" : "<set>") + "]";
    }
}
