package io.pathwatch.lab;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.pathwatch.wire.Transport;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path lab: an impairment proxy with one loopback listener per simulated path, on its own
 * event loop (one thread, so delay timers are not queued behind probing work).
 */
public final class LabProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LabProxy.class);

    private final Transport transport = Transport.best();
    private final EventLoopGroup group = transport.newGroup(1, "lab");
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<String, LabPath> paths = new LinkedHashMap<>();

    /** Starts a simulated path listening on 127.0.0.1 (port 0 picks one) and forwarding to {@code target}. */
    public synchronized LabPath add(String name, InetSocketAddress target, LabPathSettings settings, long seed) {
        if (paths.containsKey(name)) {
            throw new IllegalArgumentException("lab path " + name + " exists");
        }
        LabPath path = new LabPath(name, target, settings, seed);
        try {
            path.start(group, transport, connections, "127.0.0.1", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting lab path " + name, e);
        }
        paths.put(name, path);
        log.info("lab path {} on 127.0.0.1:{} -> {}", name, path.port(), target);
        return path;
    }

    public synchronized Optional<LabPath> get(String name) {
        return Optional.ofNullable(paths.get(name));
    }

    public synchronized Collection<LabPath> all() {
        return List.copyOf(paths.values());
    }

    /**
     * Closes every proxied connection while the event loop still runs, so that the chunks they
     * still hold are released (a loop that is shutting down drops its pending tasks), then stops.
     */
    @Override
    public synchronized void close() {
        paths.values().forEach(LabPath::stop);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.submit(() -> { }).awaitUninterruptibly(5, TimeUnit.SECONDS); // the close events queued before it have run
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
