package io.pathwatch.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * pathwatch's own HTTP API.
 *
 * @param token        an optional bearer token; when set, every write request ({@code POST}, {@code PUT},
 *                     {@code DELETE}) needs {@code Authorization: Bearer <token>}. Default empty: no token
 * @param protectReads with a token, reads need it too (the status page asks for it once per browser
 *                     session); the actuator stays as Boot configures it. Default false
 */
public record ApiProperties(@NotNull @DefaultValue("") String token, @DefaultValue("false") boolean protectReads) {

    @jakarta.validation.constraints.AssertTrue(message = "pathwatch.api.protect-reads needs pathwatch.api.token")
    public boolean isProtectReadsWithToken() {
        return !protectReads || hasToken();
    }

    public boolean hasToken() {
        return !token.isBlank();
    }

    /** Never the token itself in logs or {@code /actuator/configprops}. */
    @Override
    public String toString() {
        return "ApiProperties[token=" + (hasToken() ? "(set)" : "(none)") + ", protectReads=" + protectReads + "]";
    }
}
