package io.pathwatch.it;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user sees: the jar with no configuration runs the demo, and within two minutes the
 * internet path hangs and degrades while the PrivateLink paths stay steady.
 */
class DemoIT {

    @TempDir
    Path dir;
    private Process app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    @Test
    void withinTwoMinutesTheInternetPathHangsTwiceAndDegradesWhileThePrivateLinkPathsStaySteady() throws Exception {
        int http = Tools.freePort();
        app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("pathwatch.jar", "target/pathwatch.jar")).toAbsolutePath().toString(), "--server.port=" + http,
                "--pathwatch.responder.port=0")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("demo.log").toFile()).start();
        long launched = System.nanoTime();
        Http client = new Http(http);
        // the first stall comes 41 s after start, the second 45 s later: two hangs within twelve windows degrade the path
        await().atMost(Duration.ofSeconds(130)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> "DEGRADED".equals(byName(client.list("/api/paths")).get("stunnel-internet").get("state")));
        double seconds = (System.nanoTime() - launched) / 1e9;
        Map<String, Map<String, Object>> paths = byName(client.list("/api/paths"));
        Map<String, Object> internet = map(paths.get("stunnel-internet").get("window"));
        System.out.printf("demo: stunnel-internet DEGRADED %.1f s after launch: hangs %s, jitter %s ms, spread %s ms%n",
                seconds, internet.get("hangs"), internet.get("jitterMs"), internet.get("spreadMs"));
        assertThat(((Number) map(internet.get("hangs")).get("count")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat((List<?>) paths.get("stunnel-internet").get("reasons")).anySatisfy(r -> assertThat((String) r).startsWith("hangs: hangs"));
        // both stalls are one HANG incident (the second updated it, paging nobody), open until hang-quiet passes without
        // another; the DEGRADED state is an open incident of its own
        List<Map<String, Object>> alerts = client.list("/api/alerts?state=all&path=stunnel-internet");
        assertThat(alerts).filteredOn(a -> "HANG".equals(a.get("kind"))).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("open", true).containsEntry("alerts", 1);
            assertThat(((Number) a.get("hangs")).longValue()).isGreaterThanOrEqualTo(2);
            assertThat(((Number) a.get("longestHangMs")).doubleValue()).isBetween(3000.0, 5000.0);
        });
        assertThat(alerts).filteredOn(a -> "STATE".equals(a.get("kind"))).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("open", true).containsEntry("state", "DEGRADED"));
        assertThat(((Number) internet.get("jitterMs")).doubleValue()).isGreaterThan(3.0);
        for (String steady : List.of("privatelink-us-east-1", "privatelink-us-west-1", "privatelink-ap-southeast-2")) {
            Map<String, Object> w = map(paths.get(steady).get("window"));
            assertThat(paths.get(steady).get("state")).as(steady).isEqualTo("OK");
            assertThat(((Number) map(w.get("hangs")).get("count")).longValue()).as(steady).isZero();
            assertThat(((Number) map(w.get("rttMs")).get("p50")).doubleValue()).as(steady).isBetween(203.0, 212.0);
            assertThat(((Number) w.get("jitterMs")).doubleValue()).as(steady).isLessThan(1.5);
        }
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> paths) {
        return paths.stream().collect(java.util.stream.Collectors.toMap(p -> (String) p.get("name"), p -> p));
    }
}
