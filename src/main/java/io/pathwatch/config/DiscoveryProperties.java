package io.pathwatch.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Paths found instead of typed in ({@code pathwatch.discovery.*}); see docs/discovery.md.
 *
 * @param aws paths from the AWS account this agent runs in ({@code pathwatch.discovery.aws.*})
 */
public record DiscoveryProperties(@Valid @NotNull @DefaultValue Aws aws) {

    /**
     * Interface VPC endpoints that become paths.
     *
     * @param vpcEndpoints     {@code vpc-endpoints.enabled}: look for endpoints at all; default false
     * @param vpcIds           only endpoints in these VPCs are adopted; default empty = the VPC of this EC2 instance, asked
     *                         from {@code metadata-endpoint}; when that does not answer nothing is adopted (fail closed, so a
     *                         production prober never picks up a UAT endpoint). Fargate has no instance metadata: list the VPC.
     * @param tagKey           an endpoint carrying this tag is adopted, the tag's value (cleaned to a path name) naming the path;
     *                         default {@code pathwatch:path}
     * @param serviceNames     endpoints of these endpoint service names are adopted too, even untagged; an untagged one is named
     *                         {@code <last part of the service name>-<endpoint id>}; default none
     * @param portTag          the tag holding the responder port behind the endpoint; default {@code pathwatch:port}
     * @param defaultPort      the port when an endpoint has no port tag; default 7100
     * @param maxPaths         most endpoints adopted (each path is billed in CloudWatch); the rest, by name order, are left out,
     *                         logged and counted in {@code pathwatch.discovery.over-limit}; default 200
     * @param interval         time between two refreshes; default 5m
     * @param region           the region to look in; empty (the default) = the AWS SDK's default region chain
     * @param endpoint         the EC2 API endpoint; empty (the default) = the region's (set it for a VPC endpoint of EC2, or tests)
     * @param metadataEndpoint the instance metadata service (IMDSv2), asked only for this instance's VPC when {@code vpc-ids} is
     *                         empty; default {@code http://169.254.169.254}
     */
    public record Aws(
            @Valid @NotNull @DefaultValue VpcEndpoints vpcEndpoints,
            @NotNull @DefaultValue List<@Pattern(regexp = "vpc-[0-9a-f]{8,17}", message = "must be a VPC id (vpc-…)") String> vpcIds,
            @NotBlank @DefaultValue("pathwatch:path") String tagKey,
            @NotNull @DefaultValue List<@NotBlank String> serviceNames,
            @NotBlank @DefaultValue("pathwatch:port") String portTag,
            @Min(1) @Max(65535) @DefaultValue("7100") int defaultPort,
            @Min(0) @Max(10_000) @DefaultValue("200") int maxPaths,
            @NotNull @DurationMin(seconds = 10) @DurationMax(days = 1) @DefaultValue("5m") Duration interval,
            @NotNull @DefaultValue("") String region,
            @NotNull @Pattern(regexp = "|https?://.+", message = "must be an http or https URL") @DefaultValue("") String endpoint,
            @NotNull @Pattern(regexp = "https?://.+", message = "must be an http or https URL") @DefaultValue("http://169.254.169.254")
            String metadataEndpoint) {
    }

    /** @param enabled look for interface VPC endpoints; default false */
    public record VpcEndpoints(@DefaultValue("false") boolean enabled) {
    }
}
