package io.pathwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.validation.Validation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** No secret reaches GET /api/config, a reload's error or the log: not as a value, not inside a URL, not inside an exception's message. */
class MaskingTest {

    @Test
    void urlsKeepOnlySchemeHostAndPort() {
        assertThat(Masking.masked("pathwatch.alerts.webhook.url", "https://user:pass@hooks.example.com")).isEqualTo("https://hooks.example.com/******");
        assertThat(Masking.masked("pathwatch.alerts.webhook.url", "https://hooks.example.com/")).isEqualTo("https://hooks.example.com/******");
        assertThat(Masking.masked("pathwatch.alerts.webhook.url", "https://hooks.example.com")).isEqualTo("https://hooks.example.com");
        assertThat(Masking.masked("pathwatch.alerts.webhook.url", "http://127.0.0.1:9000/a b")).isEqualTo("http://******");
        assertThat(Masking.redactUrls("Illegal character in path at index 30: https://hooks.slack.com/services/T0/B0/SECRET x"))
                .isEqualTo("Illegal character in path at index 30: https://hooks.slack.com/****** x");
    }

    @Test
    void aFileThatCannotBeParsedIsNotQuotedWithItsSecrets() {
        String yaml = "while scanning a quoted scalar\n in 'reader', line 4, column 13:\n        secret: \"s3cr3t-value\n                ^\n"
                + "    token=abc\n    url: https://hooks.example.com/services/T0/B0/XYZ";
        String shown = Masking.redactQuoted(yaml);
        assertThat(shown).contains("line 4, column 13").contains("secret: ******").contains("token=******")
                .contains("https://hooks.example.com/******").doesNotContain("s3cr3t").doesNotContain("abc").doesNotContain("XYZ");
    }

    @Test
    void aRejectedWebhookUrlIsNotQuotedWhole() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "pathwatch.alerts.webhook.url", "htps://hooks.slack.com/services/T0/B0/SECRETPART",
                "pathwatch.auth.secret", "also-secret")));
        Throwable failure = catchThrowable(() -> binder.bindOrCreate("pathwatch", Bindable.of(PathwatchProperties.class),
                new ValidationBindHandler(new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()))));
        String said = ConfigErrors.describe(failure);
        assertThat(said).contains("pathwatch.alerts.webhook.url").contains("must be an http or https URL").doesNotContain("SECRETPART");
    }

    @Test
    void aValueThatCannotBeReadIsNamedWithoutItsSecret() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("pathwatch.probe.interval", "soon")));
        Throwable failure = catchThrowable(() -> binder.bindOrCreate("pathwatch", Bindable.of(PathwatchProperties.class)));
        assertThat(ConfigErrors.describe(failure)).contains("Property: pathwatch.probe.interval").contains("\"soon\"");
    }
}
