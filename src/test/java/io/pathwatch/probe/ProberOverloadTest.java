package io.pathwatch.probe;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.ProbeHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The prober driven past saturation: its own event loops are kept busy (180 ms of every 200 ms,
 * as far too many paths would), then blocked for 2.5 s (as a long GC pause would). Its figures
 * get worse, but they are the prober's doing, so its windows say they are not trusted, no rule
 * judges them, no alert is raised (not even the hang a 2.5 s silence of its own loop looks like),
 * and the agent's own health says why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=overload",
        "pathwatch.probe.interval=200ms",
        "pathwatch.probe.window=2s",
        "pathwatch.health.baseline.min-windows=3"})
class ProberOverloadTest {

    private static ResponderServer responder;

    @Value("${local.server.port}")
    int port;
    @Autowired
    ProbeScheduler scheduler;

    @DynamicPropertySource
    static void path(DynamicPropertyRegistry registry) throws IOException {
        responder = ProbeHarness.responder("overload");
        registry.add("pathwatch.paths[0].name", () -> "local");
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + responder.port());
        String state = Files.createTempDirectory("overload").toString();
        registry.add("pathwatch.state-dir", () -> state);
    }

    @AfterAll
    static void stop() {
        responder.stop();
    }

    @Test
    void anOverloadedProberFlagsItsWindowsAndBlamesNoPath() {
        Http http = new Http(port);
        // OK, and its last window trusted (a JVM warming up lags too: its first windows may not be)
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> "OK".equals(http.object("/api/paths/local").get("state")) && lastWindowTrusted(http));

        List<ScheduledFuture<?>> burners = new ArrayList<>();
        for (EventExecutor loop : scheduler.loops()) {
            // 180 ms of every 200: each burst holds a heartbeat tick (100 ms apart) in its first 100 ms, late by 80 ms or more
            burners.add(loop.scheduleAtFixedRate(() -> spin(180), 0, 200, TimeUnit.MILLISECONDS));
        }
        try {
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Boolean.FALSE.equals(map(window(http).get("measurement")).get("trusted")));
            for (EventExecutor loop : scheduler.loops()) {
                loop.execute(() -> spin(2_500));
            }
            // the agent's own window is 10 s long, the path's 2 s: wait for both to have sealed one
            AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, Object> path = http.object("/api/paths/local");
                seen.set(path);
                return "DEGRADED".equals(http.object("/actuator/health/pathwatch").get("status"))
                        && ((List<?>) path.get("reasons")).stream().anyMatch(r -> ((String) r).startsWith("prober overloaded"));
            });
            Map<String, Object> agent = http.object("/actuator/health/pathwatch");
            Map<String, Object> during = seen.get();
            System.out.printf("overloaded: path %s %s, measurement %s; agent %s%n", during.get("state"), during.get("reasons"),
                    map(during.get("window")).get("measurement"), agent.get("details"));
            assertThat(during.get("state")).isEqualTo("OK");
            assertThat((List<?>) during.get("reasons")).anySatisfy(r -> assertThat((String) r).startsWith("prober overloaded"));
            assertThat(map(agent.get("details"))).containsKeys("loopLagMs", "hint", "untrustedPaths");
            assertThat(((Number) map(map(agent.get("details")).get("loopLagMs")).get("p99")).doubleValue()).isGreaterThan(50.0);
            // keep it overloaded for a few more of the path's windows
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> history(http).stream().filter(p -> Boolean.FALSE.equals(p.get("trusted"))).count() >= 5);
        } finally {
            burners.forEach(b -> b.cancel(false));
        }
        // back to normal: trusted windows again, and nothing was raised about the path all along
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> lastWindowTrusted(http));
        List<Map<String, Object>> history = history(http);
        long untrusted = history.stream().filter(p -> Boolean.FALSE.equals(p.get("trusted"))).count();
        System.out.printf("%d of %d windows untrusted; states %s%n", untrusted, history.size(),
                history.stream().map(p -> p.get("state")).toList());
        assertThat(untrusted).isGreaterThanOrEqualTo(5);
        // the meters count them, and keep their latencies out of the histograms the alarms read
        assertThat(http.prometheus("pathwatch_windows_untrusted_total", "path", "local")).isEqualTo((double) untrusted);
        assertThat(history).allSatisfy(p -> assertThat(p.get("state")).isIn(null, "UNKNOWN", "OK"));
        assertThat(history).allSatisfy(p -> assertThat(((Number) p.get("hangs")).longValue()).isZero());
        assertThat(http.list("/api/alerts?state=all")).as("no alert about the path").isEmpty();
        assertThat(http.object("/api/paths/local").get("state")).isEqualTo("OK");
    }

    private static boolean lastWindowTrusted(Http http) {
        List<Map<String, Object>> points = history(http);
        return !points.isEmpty() && Boolean.TRUE.equals(points.get(points.size() - 1).get("trusted"));
    }

    private static List<Map<String, Object>> history(Http http) {
        return ((List<?>) http.object("/api/paths/local/history?minutes=5").get("points")).stream().map(Http::map).toList();
    }

    private static Map<String, Object> window(Http http) {
        return map(http.object("/api/paths/local").get("window"));
    }

    /** Keeps the calling thread busy, as work on an event loop does. */
    private static void spin(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 0;
        while (System.nanoTime() < until) {
            x += System.nanoTime() & 1;
        }
        if (x == -1) {
            throw new IllegalStateException();
        }
    }
}
