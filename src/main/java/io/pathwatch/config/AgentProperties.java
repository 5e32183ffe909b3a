package io.pathwatch.config;

import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This end of the path.
 *
 * @param name the {@code agent} tag on every figure and the name sent in HELLO; default: the
 *             host name (falling back to {@code pathwatch} if the host has none)
 */
public record AgentProperties(
        @Pattern(regexp = "[A-Za-z0-9._-]{0,64}", message = "must be 1..64 letters, digits, '.', '_' or '-'")
        @DefaultValue("") String name) {

    /** The configured name, else the host name. */
    public String effectiveName() {
        if (!name.isBlank()) {
            return name;
        }
        try {
            String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
            return host.isBlank() ? "pathwatch" : host.substring(0, Math.min(64, host.length()));
        } catch (UnknownHostException e) {
            return "pathwatch";
        }
    }
}
