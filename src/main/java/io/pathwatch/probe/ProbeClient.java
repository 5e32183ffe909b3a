package io.pathwatch.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.pathwatch.path.PathSpec;
import io.pathwatch.path.TlsSpec;
import io.pathwatch.wire.HelloAuth;
import io.pathwatch.wire.Transport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every probe connection shares: the event loops, the resolver, this agent's HELLO
 * identity and each TLS path's {@link SslContext} (built once, at start, so a bad trust store
 * stops start-up instead of failing every cycle).
 */
public final class ProbeClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeClient.class);

    private final String agent;
    /** Replaced when the secret changes: connections opened from then on use the new one. */
    private volatile HelloAuth auth;
    private final Transport transport = Transport.best();
    private final EventLoopGroup group;
    private final TargetResolver resolver;
    /**
     * By TLS settings, not by path name: a cycle of a path's old settings still in flight after a
     * reload keeps the context it started with, and paths with equal settings share one.
     */
    private final Map<TlsSpec, SslContext> ssl = new ConcurrentHashMap<>();

    public ProbeClient(String agent, String secret, int ioThreads, Collection<PathSpec> paths) {
        this(agent, secret, "", ioThreads, paths);
    }

    /** @param previousSecret during a rotation, the secret before {@code secret}: a responder may still prove that one */
    public ProbeClient(String agent, String secret, String previousSecret, int ioThreads, Collection<PathSpec> paths) {
        this.agent = agent;
        this.auth = new HelloAuth(secret, previousSecret);
        paths.forEach(this::prepare);
        this.group = transport.newGroup(ioThreads, "probe-io");
        this.resolver = new TargetResolver(transport);
    }

    /**
     * Builds what a path needs before its first connection (its TLS context), so a trust store
     * that cannot be read fails here, naming the path, and not at every cycle.
     */
    void prepare(PathSpec path) {
        if (path.tls() != null) {
            ssl.computeIfAbsent(path.tls(), t -> sslContext(path));
        }
    }

    /** Drops the contexts no path in {@code remaining} uses (a cycle in flight that still needs one builds it again). */
    void keepOnly(java.util.Collection<PathSpec> remaining) {
        java.util.Set<TlsSpec> used = new java.util.HashSet<>();
        remaining.forEach(p -> {
            if (p.tls() != null) {
                used.add(p.tls());
            }
        });
        ssl.keySet().retainAll(used);
    }

    /** Throws, naming the path and key, when the path's TLS settings cannot be used (checked before a reload applies). */
    public static void checkTls(PathSpec path) {
        if (path.tls() != null) {
            sslContext(path);
        }
    }

    /** New connections prove this secret (and accept a responder's proof of the previous one). */
    public void useSecret(String secret, String previousSecret) {
        this.auth = new HelloAuth(secret, previousSecret);
    }

    EventLoop nextLoop() {
        return group.next();
    }

    Iterable<io.netty.util.concurrent.EventExecutor> loops() {
        return group;
    }

    String agent() {
        return agent;
    }

    HelloAuth auth() {
        return auth;
    }

    Transport transport() {
        return transport;
    }

    TargetResolver resolver() {
        return resolver;
    }

    SslContext ssl(PathSpec path) {
        return path.tls() == null ? null : ssl.computeIfAbsent(path.tls(), t -> sslContext(path));
    }

    String serverName(PathSpec path) {
        TlsSpec tls = path.tls();
        return tls != null && !tls.serverName().isBlank() ? tls.serverName() : path.host();
    }

    @Override
    public void close() {
        resolver.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static SslContext sslContext(PathSpec path) {
        TlsSpec tls = path.tls();
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (tls.insecure()) {
                log.warn("path {}: pathwatch.paths[].tls.insecure=true, any certificate is trusted. Use this in a lab only.", path.name());
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else {
                builder.endpointIdentificationAlgorithm("HTTPS");
                if (!tls.trustStore().isBlank()) {
                    builder.trustManager(trustManager(tls));
                }
            }
            return builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("path " + path.name() + ": pathwatch.paths[].tls.trust-store '" + tls.trustStore()
                    + "' cannot be used: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManager(TlsSpec tls) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(tls.trustStore()))) {
            KeyStore store = KeyStore.getInstance(tls.trustStoreType());
            store.load(in, tls.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        }
    }

}
