package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.lab.Impairment;
import io.pathwatch.lab.LabPath;
import io.pathwatch.lab.LabPathSettings;
import io.pathwatch.lab.LabProxy;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.testing.WebhookReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end through the lab: a 20 ms path gets 100 ms more, then its normal back, then a 2 s
 * stall; a real webhook receiver gets the DEGRADED alert, its resolve and the HANG alert in time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=lab-alerts",
        "pathwatch.agent.name=lab-agent",
        "pathwatch.probe.interval=200ms",
        "pathwatch.probe.window=2s",
        "pathwatch.alerts.hang-quiet=10s",
        "pathwatch.health.baseline.min-windows=3"})
class LabAlertsTest {

    private static final long WINDOW_MS = 2000;
    private static final long HARVEST_MS = 1000;
    private static final long HANG_THRESHOLD_MS = 1000;
    private static final LabPathSettings TWENTY_MS = LabPathSettings.symmetric(Impairment.delay(10, 0, Impairment.Distribution.normal));
    private static final LabPathSettings HUNDRED_TWENTY_MS = LabPathSettings.symmetric(Impairment.delay(60, 0, Impairment.Distribution.normal));

    private static ResponderServer responder;
    private static LabProxy lab;
    private static LabPath path;
    private static WebhookReceiver hook;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void labPathAndReceiver(DynamicPropertyRegistry registry) throws IOException {
        responder = ProbeHarness.responder("lab-alerts");
        lab = new LabProxy();
        path = lab.add("twenty", new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port()), TWENTY_MS, 7);
        hook = WebhookReceiver.started();
        registry.add("pathwatch.paths[0].name", () -> "twenty");
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + path.port());
        registry.add("pathwatch.alerts.webhooks[0].url", hook::url);
        String spool = Files.createTempDirectory("lab-alerts").toString();
        registry.add("pathwatch.state-dir", () -> spool);
    }

    @AfterAll
    static void stop() {
        hook.close();
        lab.close();
        responder.stop();
    }

    private static Optional<WebhookReceiver.Received> alert(String kind, String action) {
        return hook.received().stream().filter(r -> kind.equals(r.json().get("kind")) && action.equals(r.json().get("action"))).findFirst();
    }

    @Test
    void degradedThenResolvedThenAHangEachReachTheWebhookInTime() {
        Http http = new Http(port);
        // the baseline learns the path's normal 20 ms first
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> p = http.object("/api/paths/twenty");
            assertThat(p.get("state")).isEqualTo("OK");
            assertThat((Double) Http.map(Http.map(p.get("baseline")).get("rtt.p50")).get("value")).isBetween(19.0, 23.0);
        });

        long added = System.nanoTime();
        path.update(HUNDRED_TWENTY_MS);
        long degradedBound = (2 + 1) * WINDOW_MS + HARVEST_MS;
        await().atMost(Duration.ofMillis(degradedBound + 2000)).until(() -> alert("STATE", "RAISED").isPresent());
        WebhookReceiver.Received raised = alert("STATE", "RAISED").orElseThrow();
        double raisedAfterMs = (raised.atNanos() - added) / 1e6;
        System.out.printf("DEGRADED alert %.0f ms after +100 ms (bound %d ms)%n", raisedAfterMs, degradedBound);
        assertThat(raisedAfterMs).isLessThanOrEqualTo(degradedBound);
        Map<String, Object> a = raised.json();
        assertThat(a).containsEntry("path", "twenty").containsEntry("agent", "lab-agent").containsEntry("from", "OK").containsEntry("to", "DEGRADED");
        Map<String, Object> latency = ((List<?>) a.get("rules")).stream().map(Http::map).filter(r -> "latency".equals(r.get("rule")))
                .findFirst().orElseThrow();
        assertThat(latency).containsEntry("figure", "rtt.p50").containsEntry("condition", "> baseline * 1.3 + 2ms");
        assertThat((Double) latency.get("observed")).isBetween(118.0, 128.0);
        assertThat((Double) latency.get("baseline")).isBetween(19.0, 23.0);
        // both figures are rounded to the µs
        assertThat((Double) latency.get("threshold")).isCloseTo((Double) latency.get("baseline") * 1.3 + 2, org.assertj.core.data.Offset.offset(0.002));

        long removed = System.nanoTime();
        path.update(TWENTY_MS);
        long resolveBound = (3 + 1) * WINDOW_MS + HARVEST_MS;
        await().atMost(Duration.ofMillis(resolveBound + 2000)).until(() -> alert("STATE", "RESOLVED").isPresent());
        WebhookReceiver.Received resolved = alert("STATE", "RESOLVED").orElseThrow();
        System.out.printf("resolve %.0f ms after the delay was removed (bound %d ms)%n", (resolved.atNanos() - removed) / 1e6, resolveBound);
        assertThat((resolved.atNanos() - removed) / 1e6).isLessThanOrEqualTo(resolveBound);
        assertThat(resolved.json()).containsEntry("incident", a.get("incident")).containsEntry("to", "OK");

        long stalled = System.nanoTime();
        path.stallNow(2000);
        await().atMost(Duration.ofSeconds(5)).until(() -> alert("HANG", "RAISED").isPresent());
        double hangAfterMs = (alert("HANG", "RAISED").orElseThrow().atNanos() - stalled) / 1e6;
        System.out.printf("HANG alert %.0f ms after the stall began (bound %d ms)%n", hangAfterMs, HANG_THRESHOLD_MS + 500);
        assertThat(hangAfterMs).isLessThanOrEqualTo(HANG_THRESHOLD_MS + 500);
        // one hang: the incident resolves once hang-quiet (10 s here) has passed without another
        long hangEndBound = 2000 + 10_000 + 1000 + HARVEST_MS;
        await().atMost(Duration.ofMillis(hangEndBound + 2000)).until(() -> alert("HANG", "RESOLVED").isPresent());
        Map<String, Object> hangEnd = alert("HANG", "RESOLVED").orElseThrow().json();
        System.out.printf("HANG resolved %.0f ms after the stall began: %s hang(s), longest %s ms%n",
                (alert("HANG", "RESOLVED").orElseThrow().atNanos() - stalled) / 1e6, hangEnd.get("hangs"), hangEnd.get("longestHangMs"));
        assertThat(hangEnd.get("hangs")).isEqualTo(1);
        assertThat((Double) hangEnd.get("longestHangMs")).isBetween(1850.0, 2150.0);
        assertThat((alert("HANG", "RESOLVED").orElseThrow().atNanos() - stalled) / 1e6).isGreaterThanOrEqualTo(10_000.0);
        assertThat(hangEnd.get("incident")).isEqualTo(alert("HANG", "RAISED").orElseThrow().json().get("incident"));

        List<Map<String, Object>> all = http.list("/api/alerts?state=all&path=twenty");
        assertThat(all).extracting(i -> i.get("kind") + " " + i.get("open")).contains("STATE false", "HANG false");
    }
}
