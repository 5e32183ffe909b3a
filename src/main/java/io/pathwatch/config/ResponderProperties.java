package io.pathwatch.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The responder, the end that answers probes.
 *
 * @param enabled             run the responder; default true
 * @param bind                address to listen on; default {@code 0.0.0.0}
 * @param port                TCP port; default 7100 (0 picks a free port)
 * @param maxFrameBytes       largest frame accepted, header included; default 16384
 * @param maxConnections      connections served at once; at the limit a new one evicts the oldest that has not
 *                            completed HELLO, and is refused only when all have; default 1024
 * @param maxUnauthenticatedPerSource connections one source address may hold before completing HELLO; a new one
 *                            evicts that source's oldest; default 64
 * @param helloTimeout        a connection that has not completed HELLO this long after opening is closed; default 3s
 * @param writeTimeout        a connection whose replies the peer has not taken for this long (it does not read) is
 *                            closed; until then it is not read; default 10s
 * @param idleTimeout         a connection that sends nothing for this long is closed; default 60s
 * @param maxFramesPerSecond  frames one connection may send per second before it is closed; default 1000
 * @param ioThreads           event-loop threads; default 0 = one per core
 * @param tls                 optional TLS (key store)
 * @param proxyProtocol       {@code off} (default) or {@code v2}: every connection must then begin with a PROXY
 *                            protocol v2 header (a load balancer's, e.g. an AWS NLB target group with
 *                            {@code proxy_protocol_v2}); the client it names is the connection's source, a connection
 *                            without a valid one within {@code helloTimeout} is closed
 * @param proxyTrustedFrom    with {@code v2}: the address blocks allowed to send the header (the load balancer's
 *                            subnets); a connection from anywhere else is closed at once. Default empty: any peer,
 *                            which lets whoever reaches the port directly claim any client address
 */
public record ResponderProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("0.0.0.0") String bind,
        @Min(0) @Max(65535) @DefaultValue("7100") int port,
        @Min(36) @Max(65539) @DefaultValue("16384") int maxFrameBytes,
        @Min(1) @DefaultValue("1024") int maxConnections,
        @Min(1) @DefaultValue("64") int maxUnauthenticatedPerSource,
        @NotNull @DurationMin(millis = 100) @DefaultValue("3s") Duration helloTimeout,
        @NotNull @DurationMin(millis = 100) @DefaultValue("10s") Duration writeTimeout,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("60s") Duration idleTimeout,
        @Min(1) @DefaultValue("1000") int maxFramesPerSecond,
        @Min(0) @Max(256) @DefaultValue("0") int ioThreads,
        @Valid @NotNull @DefaultValue ResponderTlsProperties tls,
        @NotNull @DefaultValue("off") ProxyProtocol proxyProtocol,
        @NotNull @DefaultValue List<@jakarta.validation.constraints.Pattern(regexp = "[0-9A-Fa-f:.]+(/[0-9]{1,3})?",
                message = "must be an IP address or block (10.0.8.0/22, fd00::/8)") String> proxyTrustedFrom) {

    /** Whether connections begin with a PROXY protocol header. Only version 2 (binary) is accepted; version 1 (text) never. */
    public enum ProxyProtocol {
        /** No header: the socket's peer is the client. */
        OFF,
        /** Every connection begins with a PROXY protocol v2 header naming the client. */
        V2
    }
}
