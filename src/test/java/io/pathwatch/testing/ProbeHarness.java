package io.pathwatch.testing;

import io.pathwatch.config.ResponderProperties;
import io.pathwatch.config.ResponderTlsProperties;
import io.pathwatch.path.PathSpec;
import io.pathwatch.probe.ProbeClient;
import io.pathwatch.probe.ProbeScheduler;
import io.pathwatch.path.ProbeSettings;
import io.pathwatch.path.TlsSpec;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.stats.PathStats;
import io.pathwatch.stats.StatsRegistry;
import io.pathwatch.stats.WindowSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real prober (scheduler, client, statistics) over the given paths, for tests. */
public final class ProbeHarness implements AutoCloseable {

    public static final ProbeSettings FAST = new ProbeSettings(Duration.ofMillis(200), Duration.ofMillis(500), 3, 64,
            Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(1));

    public final StatsRegistry stats;
    private final ProbeScheduler scheduler;

    public ProbeHarness(String secret, List<PathSpec> paths) {
        stats = new StatsRegistry(paths);
        scheduler = new ProbeScheduler(new ProbeClient("test-agent", secret, 2, paths), paths, stats);
        stats.start();
        scheduler.start();
    }

    public static PathSpec path(String name, String host, int port, TlsSpec tls, ProbeSettings settings) {
        return new PathSpec(name, host, port, tls, Map.of(), settings);
    }

    public static ResponderServer responder(String secret) {
        return responder(secret, new ResponderTlsProperties(false, "", "", "PKCS12"));
    }

    public static ResponderServer responder(String secret, ResponderTlsProperties tls) {
        ResponderServer server = new ResponderServer(new ResponderProperties(true, "127.0.0.1", 0, 16384, 1024, 1024, Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 10_000, 1, tls, ResponderProperties.ProxyProtocol.OFF, java.util.List.of()), secret);
        server.start();
        return server;
    }

    public PathStats path(String name) {
        return stats.get(name).orElseThrow();
    }

    public WindowSnapshot window(String name) {
        return path(name).snapshot(Duration.ofMinutes(1));
    }

    @Override
    public void close() {
        scheduler.stop();
        stats.stop();
    }
}
