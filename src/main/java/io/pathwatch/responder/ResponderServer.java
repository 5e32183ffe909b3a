package io.pathwatch.responder;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.wire.HelloAuth;
import io.pathwatch.wire.Protocol;
import io.pathwatch.wire.TcpSnapshot;
import io.pathwatch.wire.PeerInfoReply;
import io.pathwatch.wire.Transport;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** The responder's Netty server, bound on start and shut down gracefully on stop. */
public final class ResponderServer implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResponderServer.class);

    private final ResponderProperties props;
    private volatile HelloAuth auth;
    private final Transport transport = Transport.best();
    private final ResponderCounters counters = new ResponderCounters();
    private final Admission admission;
    private final RejectedHelloLog rejectedLog = new RejectedHelloLog();
    private final PeerBook peers = new PeerBook(Clock.systemUTC(), transport == Transport.EPOLL);
    private final PeerSnapshots snapshots = new PeerSnapshots();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private volatile Channel server;

    public ResponderServer(ResponderProperties props, String secret) {
        this(props, secret, "");
    }

    /** @param previousSecret during a rotation, the secret before {@code secret}, accepted as well; empty for none */
    public ResponderServer(ResponderProperties props, String secret, String previousSecret) {
        this.props = props;
        this.auth = new HelloAuth(secret, previousSecret);
        this.admission = new Admission(props.maxConnections(), props.maxUnauthenticatedPerSource());
    }

    @Override
    public void start() {
        if (auth.open()) {
            log.warn("pathwatch.auth.secret is empty: the responder on port {} answers ANYONE. Set a shared secret on both ends.", props.port());
        }
        if (props.proxyProtocol() == ResponderProperties.ProxyProtocol.V2 && props.proxyTrustedFrom().isEmpty()) {
            log.warn("pathwatch.responder.proxy-protocol is v2 and proxy-trusted-from is empty: any peer that reaches port {} may name any "
                    + "client in a PROXY header (and so pick its per-source cap). Set proxy-trusted-from to the load balancer's addresses.",
                    props.port());
        }
        int peerInfoFrame = Protocol.HEADER_BYTES + Protocol.PEER_INFO_REPLY_FIXED_BODY + 32 * TcpSnapshot.WIRE_BYTES;
        if (props.maxFrameBytes() < peerInfoFrame) {
            log.warn("pathwatch.responder.max-frame-bytes is {}: a prober's PEER_INFO ({} bytes) is refused and asked again for 8 snapshots "
                    + "({} bytes), or not at all below that, so its stall causes see less of this responder. Set it to {} or more.",
                    props.maxFrameBytes(), peerInfoFrame, Protocol.HEADER_BYTES + Protocol.PEER_INFO_REPLY_FIXED_BODY + 8 * TcpSnapshot.WIRE_BYTES,
                    peerInfoFrame);
        }
        boss = transport.newGroup(1, "responder-accept");
        workers = transport.newGroup(props.ioThreads(), "responder-io");
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ResponderInitializer(admission, rejectedLog, sslContext(props.tls()), () -> auth, props.maxFrameBytes(),
                        props.maxFramesPerSecond(), props.idleTimeout(), props.helloTimeout(), props.writeTimeout(), counters,
                        props.proxyProtocol() == ResponderProperties.ProxyProtocol.V2, props.proxyTrustedFrom().stream().map(Cidr::parse).toList(),
                        peers, snapshots));
        try {
            server = bootstrap.bind(props.bind(), props.port()).sync().channel();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("pathwatch.responder could not listen on " + props.bind() + ":" + props.port()
                    + " (pathwatch.responder.bind / pathwatch.responder.port): " + e.getMessage(), e);
        }
        boss.scheduleAtFixedRate(() -> {
            try {
                rejectedLog.flush();
            } catch (Throwable e) { // a periodic task that throws is never run again
                log.warn("summing up failed HELLOs failed: {}", e.toString());
            }
            try {
                peers.sweep();
            } catch (Throwable e) {
                log.warn("forgetting closed connections' snapshots failed: {}", e.toString());
            }
        }, 10, 10, TimeUnit.SECONDS);
        log.info("responder listening on {} ({}, tls={}, proxy-protocol={})", server.localAddress(), transport, props.tls().enabled(),
                proxyProtocol());
    }

    @Override
    public void stop() {
        Channel ch = server;
        server = null;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss = null;
            workers = null;
            snapshots.clear();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Starts before the prober, which may probe this very responder. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    /** The port actually bound (useful with {@code port: 0}), or -1 when stopped. */
    public int port() {
        Channel ch = server;
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    public Transport transport() {
        return transport;
    }

    public int activeConnections() {
        return admission.active();
    }

    /**
     * Connections accepted from now on expect this secret (or, during a rotation, the previous
     * one); those already authenticated keep going.
     */
    public void useSecret(String secret, String previousSecret) {
        HelloAuth next = new HelloAuth(secret, previousSecret);
        if (next.open() && !auth.open()) {
            log.warn("pathwatch.auth.secret is now empty: the responder on port {} answers ANYONE from now on.", props.port());
        }
        this.auth = next;
    }

    /** Connections open that have not completed HELLO. */
    public int unauthenticatedConnections() {
        return admission.unauthenticated();
    }

    /**
     * One prober as the responder's health lists it: its authenticated connections from one address
     * (the client's, from its PROXY header when {@code proxy-protocol} is on) under one agent name.
     * {@code vpcEndpoint} is the AWS VPC endpoint an NLB's PROXY header named, else empty.
     */
    public record ConnectedProber(String agent, String address, String vpcEndpoint, int connections, Instant since, double echoesPerSecond,
                                  boolean previousSecret) {
    }

    /**
     * The probers connected now, busiest first, at most {@code limit} of them (a health response must
     * stay small however many connect). Each cycle is a connection of its own, so a prober shows its
     * stream and the cycles in flight; the echo rate is over each connection's life.
     */
    public List<ConnectedProber> probers(int limit) {
        long now = System.nanoTime();
        Map<String, List<Admission.Prober>> byProber = new TreeMap<>();
        for (Admission.Prober p : admission.probers()) {
            String address = p.address() == null ? "" : p.address().getHostAddress();
            byProber.computeIfAbsent(p.agent() + "\u0000" + address + "\u0000" + p.vpcEndpoint(), k -> new ArrayList<>()).add(p);
        }
        List<ConnectedProber> out = new ArrayList<>();
        for (List<Admission.Prober> conns : byProber.values()) {
            Admission.Prober first = conns.get(0);
            double rate = 0;
            Instant since = first.since();
            boolean previous = false;
            for (Admission.Prober p : conns) {
                double seconds = Math.max(1e-3, (now - p.sinceNanos()) / 1e9);
                rate += p.echoes().sum() / seconds;
                since = p.since().isBefore(since) ? p.since() : since;
                previous |= p.previousSecret();
            }
            out.add(new ConnectedProber(first.agent(), first.address() == null ? "" : first.address().getHostAddress(), first.vpcEndpoint(),
                    conns.size(), since, Math.round(rate * 10) / 10.0, previous));
        }
        out.sort(Comparator.comparingDouble(ConnectedProber::echoesPerSecond).reversed().thenComparing(ConnectedProber::agent));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Connections open now whose prober uses the previous secret: the rotation is not finished while this is above 0. */
    public int onPreviousSecret() {
        return admission.onPreviousSecret();
    }

    /** Connections refused because every one at {@code max-connections} had completed HELLO. */
    public long rejectedConnections() {
        return admission.refusedFull.sum();
    }

    /** Unauthenticated connections closed to admit a new one at {@code max-connections}. */
    public long evictedAtLimit() {
        return admission.evictedAtLimit.sum();
    }

    /** Unauthenticated connections closed because their source had {@code max-unauthenticated-per-source}. */
    public long evictedPerSource() {
        return admission.evictedPerSource.sum();
    }

    /** Connections closed for not completing HELLO within {@code hello-timeout} (their PROXY header, if required, was complete). */
    public long helloTimeouts() {
        return counters.helloTimeouts.sum();
    }

    /** {@code off} or {@code v2}: whether every connection must begin with a PROXY protocol v2 header. */
    public String proxyProtocol() {
        return props.proxyProtocol().name().toLowerCase(Locale.ROOT);
    }

    /** Connections refused for their PROXY header: not v2 (a v1 text header, a frame, anything else), malformed, too long, or not TCP. */
    public long proxyHeaderInvalid() {
        return counters.proxyHeaderInvalid.sum();
    }

    /** Connections closed at once because they came from outside {@code proxy-trusted-from}. */
    public long proxyUntrusted() {
        return counters.proxyUntrusted.sum();
    }

    /** Connections closed at {@code hello-timeout} before their PROXY header was complete. */
    public long proxyHeaderTimeouts() {
        return counters.proxyHeaderTimeouts.sum();
    }

    /** Connections closed because the peer took no replies for {@code write-timeout}. */
    public long writeStalled() {
        return counters.writeStalled.sum();
    }

    /** Reply bytes queued in the responder, not yet taken by the kernel (bounded by backpressure). */
    public long queuedReplyBytes() {
        return admission.queuedReplyBytes();
    }

    public long connectionsAccepted() {
        return counters.connections.sum();
    }

    public long idleClosed() {
        return counters.idleClosed.sum();
    }

    public long echoes() {
        return counters.echoes.sum();
    }

    public long authFailures() {
        return counters.authFailures.sum();
    }

    public long protocolRejects() {
        return counters.rejected.sum();
    }

    /** The periodic snapshot tasks: at most one per I/O thread, however many connections. */
    int snapshotTasks() {
        return snapshots.tasks();
    }

    /** PEER_INFO requests answered since start, by status: {@code ok}, {@code unknownConnection}, {@code noTcpInfo}. */
    public Map<String, Long> peerInfoRequests() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("ok", counters.peerInfo(PeerInfoReply.Status.OK).sum());
        out.put("unknownConnection", counters.peerInfo(PeerInfoReply.Status.UNKNOWN_CONNECTION).sum());
        out.put("noTcpInfo", counters.peerInfo(PeerInfoReply.Status.NO_TCP_INFO).sum());
        return out;
    }

    private static SslContext sslContext(ResponderTlsProperties tls) {
        if (!tls.enabled()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(tls.keyStore()))) {
            KeyStore store = KeyStore.getInstance(tls.keyStoreType());
            char[] password = tls.keyStorePassword().toCharArray();
            store.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return SslContextBuilder.forServer(kmf).build();
        } catch (Exception e) {
            throw new IllegalStateException("pathwatch.responder.tls.key-store '" + tls.keyStore() + "' cannot be used: " + e.getMessage(), e);
        }
    }
}
