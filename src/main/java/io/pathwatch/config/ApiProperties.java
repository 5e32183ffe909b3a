package io.pathwatch.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * pathwatch's own HTTP API.
 *
 * @param token an optional bearer token; when set, every write request ({@code POST}, {@code PUT},
 *              {@code DELETE} under {@code /api/}) needs {@code Authorization: Bearer <token>}.
 *              Reads stay open. Default empty: no token
 */
public record ApiProperties(@NotNull @DefaultValue("") String token) {

    public boolean hasToken() {
        return !token.isBlank();
    }

    /** Never the token itself in logs or {@code /actuator/configprops}. */
    @Override
    public String toString() {
        return "ApiProperties[token=" + (hasToken() ? "(set)" : "(none)") + "]";
    }
}
