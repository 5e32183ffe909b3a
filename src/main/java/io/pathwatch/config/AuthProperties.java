package io.pathwatch.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secret         the shared HMAC secret both ends use in HELLO; empty (the default) means open:
 *                       the responder answers anyone, and both ends log a warning at start-up
 * @param previousSecret during a rotation, the secret before {@code secret}: both ends accept it too
 *                       (the responder's health counts the connections still using it); empty for none
 */
public record AuthProperties(@DefaultValue("") String secret, @DefaultValue("") String previousSecret) {

    public boolean open() {
        return secret.isEmpty();
    }

    @Override
    public String toString() {
        return "AuthProperties[secret=" + (open() ? "<empty>" : "<set>") + ", previousSecret="
                + (previousSecret.isEmpty() ? "<empty>" : "<set>") + "]";
    }
}
