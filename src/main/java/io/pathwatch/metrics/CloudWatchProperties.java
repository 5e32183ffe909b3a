package io.pathwatch.metrics;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * CloudWatch export ({@code pathwatch.cloudwatch.*}), off until enabled. Owned here, beside the
 * meter names it publishes.
 *
 * @param enabled        publish to CloudWatch; default false
 * @param namespace      the custom namespace; default {@code Pathwatch}
 * @param region         AWS region; default: the AWS default region chain (AWS_REGION, profile, instance metadata)
 * @param step           one PutMetricData round this often, each datum covering the windows sealed since the last; default 60s (1s..1h)
 * @param highResolution store datums at 1-second resolution (CloudWatch high-resolution metrics); default false
 * @param endpoint       endpoint override (a VPC endpoint, or a stand-in in tests); default AWS's
 */
@Validated
@ConfigurationProperties("pathwatch.cloudwatch")
public record CloudWatchProperties(
        @DefaultValue("false") boolean enabled,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9./#:_-]{1,255}", message = "must be 1..255 of letters, digits and . - _ / # :")
        @DefaultValue("Pathwatch") String namespace,
        @NotNull @DefaultValue("") String region,
        @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("60s") Duration step,
        @DefaultValue("false") boolean highResolution,
        @NotNull @Pattern(regexp = "|https?://.+", message = "must be an http or https URL") @DefaultValue("") String endpoint) {
}
