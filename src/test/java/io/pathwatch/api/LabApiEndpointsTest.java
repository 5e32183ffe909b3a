package io.pathwatch.api;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.lab.Impairment;
import io.pathwatch.lab.LabPath;
import io.pathwatch.lab.LabPathSettings;
import io.pathwatch.lab.LabProxy;
import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.ProbeHarness;
import io.pathwatch.testing.Tools;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * History, probe-now and compare over HTTP, with real figures from the lab: two identical steady
 * paths and one with jitter and stalls, all to the destination "feed", and a dead one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=api",
        "pathwatch.probe.interval=100ms",
        "pathwatch.probe.timeout=1s",
        "pathwatch.probe.window=1s",
        "pathwatch.probe.hang-threshold=500ms"})
class LabApiEndpointsTest {

    private static final LabPathSettings STEADY = LabPathSettings.symmetric(Impairment.delay(10, 0.2, Impairment.Distribution.normal));
    private static final LabPathSettings SHAKY = new LabPathSettings(Impairment.delay(10, 4, Impairment.Distribution.normal),
            Impairment.delay(10, 4, Impairment.Distribution.normal).withStalls(900, 4000, 0));

    private static final String[] WRITE_HEADER = {"X-Pathwatch-Request", "1"};
    private static ResponderServer responder;
    private static LabProxy lab;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        responder = ProbeHarness.responder("api");
        lab = new LabProxy();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), responder.port());
        LabPath a = lab.add("steady-a", target, STEADY, 1);
        LabPath b = lab.add("steady-b", target, STEADY, 2);
        LabPath shaky = lab.add("shaky", target, SHAKY, 3);
        int dead = Tools.freePort();
        String[][] paths = {{"steady-a", "127.0.0.1:" + a.port()}, {"steady-b", "127.0.0.1:" + b.port()}, {"shaky", "127.0.0.1:" + shaky.port()},
                {"dead", "127.0.0.1:" + dead}};
        for (int i = 0; i < paths.length; i++) {
            String[] p = paths[i];
            registry.add("pathwatch.paths[" + i + "].name", () -> p[0]);
            registry.add("pathwatch.paths[" + i + "].target", () -> p[1]);
            if (!p[0].equals("dead")) {
                registry.add("pathwatch.paths[" + i + "].tags.destination", () -> "feed");
            }
        }
    }

    @AfterAll
    static void stop() {
        lab.close();
        responder.stop();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return post(path, WRITE_HEADER);
    }

    /** A POST with no body and the given header pairs. */
    private HttpResponse<String> post(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void writeRequestsNeedJsonOrTheHeader() throws Exception {
        // what a page on another site can make a browser send without a preflight: all refused
        for (HttpResponse<String> forged : List.of(post("/api/paths/steady-a/probe", new String[0]),
                post("/api/paths/steady-a/probe", "Content-Type", "application/x-www-form-urlencoded"),
                post("/api/paths/steady-a/probe", "Content-Type", "text/plain"))) {
            assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
            assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(forged.body())).containsEntry("status", 403).containsEntry("instance", "/api/paths/steady-a/probe");
        }
        assertThat(post("/api/paths/steady-a/probe", "Content-Type", "application/json").statusCode()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) {
        return JsonMapper.builder().build().readValue(body, Map.class);
    }

    @Test
    void compareRanksTheShakyPathBelowTwoSteadyOnesAndCallsThoseIndistinguishable() {
        Http http = new Http(port);
        // two stalls of the shaky path, and enough echoes on each
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                ((Number) map(map(http.object("/api/paths/shaky").get("window")).get("hangs")).get("count")).longValue() >= 2);
        Map<String, Object> result = http.object("/api/compare?destination=feed&window=1m");
        List<Map<String, Object>> ranked = ((List<?>) result.get("paths")).stream().map(Http::map).toList();
        System.out.println("compare: " + result.get("summary") + " | " + ranked.stream().map(r -> r.get("name") + " " + r.get("score")
                + " p99 " + r.get("p99") + " jitter " + r.get("jitterMs")).toList());
        assertThat(ranked).extracting(r -> r.get("name")).hasSize(3).last().isEqualTo("shaky");
        assertThat(ranked.subList(0, 2)).extracting(r -> r.get("name")).containsExactlyInAnyOrder("steady-a", "steady-b");
        assertThat(ranked.get(1)).containsEntry("indistinguishableFromBest", true);
        assertThat(((List<?>) ranked.get(2).get("worseThanBest")).stream().map(String::valueOf).toList()).contains("jitter", "hangs");
        assertThat((String) result.get("summary")).contains("indistinguishable at p99").contains("shaky is worse on").contains("jitter")
                .contains("hangs");
        Map<String, Object> p99 = map(ranked.get(0).get("p99"));
        assertThat(((Number) p99.get("low")).doubleValue()).isLessThanOrEqualTo(((Number) p99.get("value")).doubleValue());
        assertThat(((Number) p99.get("high")).doubleValue()).isGreaterThanOrEqualTo(((Number) p99.get("value")).doubleValue());
        assertThat(((Number) map(ranked.get(0).get("p50")).get("value")).doubleValue()).isBetween(19.4, 26.0);
        // the same by names, and the errors
        assertThat(http.object("/api/compare?paths=steady-a,shaky&window=1m").get("paths")).asList().hasSize(2);
        assertProblem(http.get("/api/compare"), 400);
        assertProblem(http.get("/api/compare?paths=steady-a&destination=feed"), 400);
        assertProblem(http.get("/api/compare?paths=steady-a,nope"), 404);
        assertProblem(http.get("/api/compare?destination=elsewhere"), 404);
        assertProblem(http.get("/api/compare?destination=feed&window=2m"), 400);
    }

    @Test
    void historyHasOnePointPerWindowWithItsFiguresAndState() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> ((List<?>) http.object("/api/paths/steady-a/history?minutes=1").get("points")).size() >= 5);
        List<Map<String, Object>> points = ((List<?>) http.object("/api/paths/steady-a/history?minutes=1").get("points")).stream().map(Http::map).toList();
        assertThat(points).allSatisfy(p -> {
            // 2 × 10 ms from the lab; the first windows also carry JIT warm-up
            assertThat(((Number) p.get("rttP50Ms")).doubleValue()).isBetween(19.4, 30.0);
            assertThat(((Number) p.get("rttP99Ms")).doubleValue()).isGreaterThanOrEqualTo(((Number) p.get("rttP50Ms")).doubleValue());
            assertThat(p).containsKeys("start", "end", "rttP90Ms", "rttMaxMs", "connectP50Ms", "jitterMs", "spreadMs", "lossRatio", "hangs", "state");
        });
        assertThat(points.get(points.size() - 1).get("state")).isIn("OK", "UNKNOWN");
        await().atMost(Duration.ofSeconds(20)).until(() -> ((List<?>) http.object("/api/paths/shaky/history?minutes=1").get("points")).stream()
                .map(Http::map).anyMatch(p -> ((Number) p.get("hangs")).longValue() > 0 && ((Number) p.get("hangMs")).doubleValue() > 500));
        assertProblem(http.get("/api/paths/steady-a/history?minutes=0"), 400);
        assertProblem(http.get("/api/paths/steady-a/history?minutes=61"), 400);
        assertProblem(http.get("/api/paths/nope/history"), 404);
    }

    @Test
    void probeNowReturnsTheRawCycle() throws Exception {
        HttpResponse<String> ok = post("/api/paths/steady-a/probe");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        Map<String, Object> cycle = json(ok.body());
        assertThat(cycle).containsEntry("path", "steady-a").containsEntry("succeeded", true).containsEntry("failure", null)
                .containsEntry("echoesPlanned", 5).containsEntry("echoesLost", 0);
        assertThat(((Number) cycle.get("connectMs")).doubleValue()).isPositive();
        List<Map<String, Object>> echoes = ((List<?>) cycle.get("echoes")).stream().map(Http::map).toList();
        assertThat(echoes).hasSize(5).allSatisfy(e -> {
            long t1 = ((Number) e.get("t1")).longValue();
            long t2 = ((Number) e.get("t2")).longValue();
            long t3 = ((Number) e.get("t3")).longValue();
            long t4 = ((Number) e.get("t4")).longValue();
            assertThat(t2).isLessThanOrEqualTo(t3);
            // never faster than the 2 × 10 ms the lab adds; the upper bound leaves room for a busy 2-core machine
            double rtt = ((Number) e.get("rttMs")).doubleValue();
            assertThat(rtt).isBetween(19.9, 100.0);
            assertThat((t4 - t1) / 1e6).as("T4 - T1 is the RTT").isCloseTo(rtt, org.assertj.core.data.Offset.offset(0.01));
            assertThat(((Number) e.get("forwardMs")).doubleValue() + ((Number) e.get("reverseMs")).doubleValue()
                    + (t3 - t2) / 1e6).as("forward + responder + reverse = RTT").isCloseTo(rtt, org.assertj.core.data.Offset.offset(0.01));
        });
        Map<String, Object> dead = json(post("/api/paths/dead/probe").body());
        assertThat(dead).containsEntry("succeeded", false).containsEntry("failure", "refused").containsEntry("failedPhase", "CONNECT");
        assertThat((List<?>) dead.get("echoes")).isEmpty();
        HttpResponse<String> unknown = post("/api/paths/nope/probe");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void theApiIsDescribedWithOpenApi() {
        Http http = new Http(port);
        Map<String, Object> doc = http.object("/v3/api-docs");
        assertThat(map(doc.get("info"))).containsEntry("title", "pathwatch");
        assertThat(map(doc.get("paths"))).containsKeys("/api/paths", "/api/paths/{name}", "/api/paths/{name}/history",
                "/api/paths/{name}/probe", "/api/compare", "/api/alerts", "/api/metrics/cost");
        assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
}
