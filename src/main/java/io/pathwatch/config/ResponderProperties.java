package io.pathwatch.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The responder, the end that answers probes.
 *
 * @param enabled             run the responder; default true
 * @param bind                address to listen on; default {@code 0.0.0.0}
 * @param port                TCP port; default 7100 (0 picks a free port)
 * @param maxFrameBytes       largest frame accepted, header included; default 16384
 * @param maxConnections      connections served at once; more are answered with ERROR and closed; default 1024
 * @param idleTimeout         a connection that sends nothing for this long is closed; default 60s
 * @param maxFramesPerSecond  frames one connection may send per second before it is closed; default 1000
 * @param ioThreads           event-loop threads; default 0 = one per core
 * @param tls                 optional TLS (key store)
 */
public record ResponderProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("0.0.0.0") String bind,
        @Min(0) @Max(65535) @DefaultValue("7100") int port,
        @Min(36) @Max(65539) @DefaultValue("16384") int maxFrameBytes,
        @Min(1) @DefaultValue("1024") int maxConnections,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("60s") Duration idleTimeout,
        @Min(1) @DefaultValue("1000") int maxFramesPerSecond,
        @Min(0) @Max(256) @DefaultValue("0") int ioThreads,
        @Valid @NotNull @DefaultValue ResponderTlsProperties tls) {
}
