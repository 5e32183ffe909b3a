package io.pathwatch.probe;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.PausableRelay;
import io.pathwatch.testing.ProbeHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A 60 s stall of the stream alone, while fresh connections pass (what a middlebox that lost the
 * flow's state looks like): the whole service shows the open hang in the meters and in the state
 * while it lasts, not only once it ends, and ends it with its whole duration when echoes flow.
 * The give-up is set beyond the stall here, so one connection carries the whole hang.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=long-stall",
        "pathwatch.probe.interval=500ms",
        "pathwatch.probe.window=2s",
        "pathwatch.probe.stream-give-up=90s",
        // this test is about the path's stall, not about the prober's own lag on a busy test machine
        "pathwatch.probe.max-self-lag=250ms",
        "pathwatch.health.baseline.min-windows=3"})
class StreamLongStallTest {

    private static final long STALL_MS = 60_000;

    private static ResponderServer responder;
    private static PausableRelay relay;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void stalledPath(DynamicPropertyRegistry registry) throws IOException {
        responder = ProbeHarness.responder("long-stall");
        relay = new PausableRelay(responder.port());
        registry.add("pathwatch.paths[0].name", () -> "stalled");
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + relay.port());
        String state = Files.createTempDirectory("long-stall").toString();
        registry.add("pathwatch.state-dir", () -> state);
    }

    @AfterAll
    static void stop() throws IOException {
        relay.close();
        responder.stop();
    }

    @Test
    void aMinuteLongStallOfTheStreamShowsInMetersAndStateWhileItLasts() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> "OK".equals(http.object("/api/paths/stalled").get("state")));
        long cyclesBefore = window(http).get("cycles") instanceof Number n ? n.longValue() : 0;

        relay.pauseExisting();
        long stalled = System.nanoTime();

        // well inside the stall: the meters CloudWatch alarms read and the health rules both see it
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).until(() -> elapsedMs(stalled) > 35_000);
        double openSeconds = http.prometheus("pathwatch_hang_open_seconds", "path", "stalled");
        double hungSeconds = http.prometheus("pathwatch_hang_duration_seconds_total", "path", "stalled");
        double hangs = http.prometheus("pathwatch_hangs_total", "path", "stalled");
        Map<String, Object> during = http.object("/api/paths/stalled");
        Map<String, Object> hangsDuring = map(window(http).get("hangs"));
        System.out.printf("35 s into the stall: hang open %.1f s, hang time counted %.1f s, hangs %.0f; state %s %s; api hangs %s%n",
                openSeconds, hungSeconds, hangs, during.get("state"), during.get("reasons"), hangsDuring);
        assertThat(openSeconds).isBetween(30.0, 40.0);
        assertThat(hungSeconds).as("added window by window while it lasts").isGreaterThan(25.0);
        assertThat(hangs).as("counted once, when detected").isEqualTo(1.0);
        assertThat(during.get("state")).isEqualTo("DEGRADED");
        assertThat((List<?>) during.get("reasons")).anySatisfy(r -> assertThat((String) r).startsWith("hangs:"));
        assertThat(hangsDuring).containsEntry("open", true).containsEntry("count", 1);
        assertThat(((Number) hangsDuring.get("longestMs")).doubleValue()).isGreaterThan(30_000);
        // fresh connections stayed fine all along
        Map<String, Object> w = window(http);
        assertThat(((Number) w.get("cycles")).longValue()).isGreaterThan(cyclesBefore);
        assertThat(map(w.get("errors")).values()).allSatisfy(v -> assertThat(((Number) v).longValue()).isLessThanOrEqualTo(1));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> elapsedMs(stalled) >= STALL_MS);
        relay.resume();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> Boolean.FALSE.equals(map(window(http).get("hangs")).get("open")));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.prometheus("pathwatch_hang_open_seconds", "path", "stalled") == 0.0);

        Map<String, Object> after = window(http);
        Map<String, Object> hangsAfter = map(after.get("hangs"));
        System.out.printf("after the stall: hangs %s, late %s, loss %s, stream %s%n", hangsAfter, after.get("late"), after.get("lossRatio"),
                http.object("/api/paths/stalled").get("stream"));
        assertThat(((Number) hangsAfter.get("longestMs")).doubleValue()).isBetween(STALL_MS - 1_500.0, STALL_MS + 1_500.0);
        assertThat(((Number) hangsAfter.get("count")).longValue()).isEqualTo(1);
        // heartbeats held for up to a minute came back late, with their true RTTs, not lost
        assertThat(((Number) after.get("late")).longValue()).isGreaterThan(100);
        assertThat(((Number) map(http.object("/api/paths/stalled").get("stream")).get("disconnects")).longValue()).isZero();
        assertThat(http.prometheus("pathwatch_hangs_total", "path", "stalled")).isEqualTo(1.0);
        assertThat(http.prometheus("pathwatch_hang_duration_seconds_total", "path", "stalled")).isBetween(58.5, 61.5);
        List<Map<String, Object>> alerts = http.list("/api/alerts?state=all&path=stalled");
        // one hang incident, still open until hang-quiet has passed without another, with the hang's length
        assertThat(alerts).filteredOn(a -> "HANG".equals(a.get("kind"))).singleElement().satisfies(a -> {
            assertThat(a.get("hangs")).isEqualTo(1);
            assertThat(a.get("hanging")).isEqualTo(false);
            assertThat(((Number) a.get("longestHangMs")).doubleValue()).isBetween(STALL_MS - 1_500.0, STALL_MS + 1_500.0);
        });
    }

    private static Map<String, Object> window(Http http) {
        return map(http.object("/api/paths/stalled?window=5m").get("window"));
    }

    private static double elapsedMs(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
