package io.pathwatch.api;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The demo (no path configured): four lab paths to its own responder, seen through REST and actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.port=0",
        "pathwatch.responder.bind=127.0.0.1",
        "pathwatch.probe.interval=200ms",
        "pathwatch.probe.window=1s",
        "pathwatch.auth.secret=api-test"})
class PathsApiTest {

    @Value("${local.server.port}")
    int port;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void aPathHasExactlyTheContractShape() {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Map<String, Object> rtt = map(map(http.list("/api/paths").get(0).get("window")).get("rttMs"));
            return ((Number) rtt.get("count")).longValue() > 0;
        });
        List<Map<String, Object>> paths = http.list("/api/paths");
        assertThat(paths).extracting(p -> p.get("name")).containsExactly("privatelink-us-east-1", "privatelink-us-west-1",
                "privatelink-ap-southeast-2", "stunnel-internet");
        Map<String, Object> path = paths.get(0);
        assertThat(path).containsOnlyKeys("name", "target", "tags", "state", "stateSince", "reasons", "sentence", "sentences", "window", "stream",
                "mode", "lastCycle");
        assertThat((String) path.get("sentence")).startsWith(path.get("state") + " since ");
        assertThat((List<?>) path.get("sentences")).hasSameSizeAs((List<?>) path.get("reasons"));
        assertThat((String) path.get("target")).startsWith("127.0.0.1:");
        assertThat(path.get("mode")).isEqualTo("stream");
        assertThat(map(path.get("lastCycle"))).containsOnlyKeys("at", "address", "succeeded", "failure", "failedPhase", "connectMs")
                .containsEntry("address", "127.0.0.1");
        assertThat(path.get("state")).isIn("UNKNOWN", "OK", "DEGRADED", "DOWN");

        Map<String, Object> window = map(path.get("window"));
        assertThat(window).containsOnlyKeys("seconds", "cycles", "rttMs", "kernelRttMs", "connectMs", "tlsMs", "dnsMs", "jitterMs", "spreadMs",
                "lossRatio", "late", "hangs", "cycleCauses", "errors", "localErrors", "oneWay", "measurement");
        assertThat(map(window.get("rttMs"))).containsOnlyKeys("count", "min", "p10", "p25", "p50", "p75", "p90", "p99", "p999", "max");
        assertThat(map(window.get("measurement"))).containsOnlyKeys("selfLagP99Ms", "trusted", "untrustedWindows");
        assertThat(((Number) map(window.get("rttMs")).get("p50")).doubleValue()).as("the lab's 2 x 102.5 ms").isBetween(205.0, 215.0);
        assertThat(window.get("tlsMs")).isNull();
        assertThat(map(window.get("hangs"))).containsOnlyKeys("count", "longestMs", "totalMs", "open", "causes", "last");
        assertThat(map(window.get("kernelRttMs"))).containsOnlyKeys("count", "min", "p10", "p25", "p50", "p75", "p90", "p99", "p999", "max");
        assertThat(map(window.get("errors"))).containsOnlyKeys("refused", "timeout", "reset", "unreachable", "dns_error",
                "tls_error", "auth_rejected", "protocol_error");
        assertThat(map(window.get("oneWay"))).containsOnlyKeys("forwardMs", "reverseMs", "clockErrorMs");
        assertThat(map(path.get("stream"))).containsOnlyKeys("connected", "since", "disconnects");
    }

    @Test
    void oneNamedPathAndEachWindowAreServed() {
        for (String w : List.of("1m", "5m", "15m", "1h")) {
            HttpResponse<String> r = http.get("/api/paths/privatelink-us-west-1?window=" + w);
            assertThat(r.statusCode()).as(w).isEqualTo(200);
        }
        assertThat(http.object("/api/paths/privatelink-us-west-1").get("name")).isEqualTo("privatelink-us-west-1");
    }

    @Test
    void anUnknownPathIsA404ProblemDetail() {
        HttpResponse<String> r = http.get("/api/paths/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        Map<String, Object> problem = http.object("/api/paths/nope");
        assertThat(problem).containsEntry("status", 404).containsEntry("title", "Unknown path");
        assertThat((String) problem.get("detail")).contains("nope");
    }

    @Test
    void anUnknownWindowIsA400ProblemDetail() {
        HttpResponse<String> r = http.get("/api/paths?window=2m");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void healthHasOnePathsContributorPerPathAndProbesLeaveThemOut() {
        await().atMost(Duration.ofSeconds(10)).until(() -> map(map(http.object("/actuator/health/paths").get("components"))
                .get("privatelink-us-east-1")).get("status").equals("UP"));
        Map<String, Object> pathHealth = map(map(http.object("/actuator/health/paths").get("components")).get("privatelink-us-east-1"));
        assertThat(map(pathHealth.get("details"))).containsKeys("target", "state", "stateSince", "reasons", "window", "stream");

        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> r = http.get(probe);
            assertThat(r.statusCode()).as(probe).isEqualTo(200);
            assertThat(r.body()).as(probe).doesNotContain("privatelink").doesNotContain("\"paths\"");
        }
    }

    @Test
    void onlyHealthInfoMetricsAndPrometheusAreExposed() {
        assertThat(map(http.object("/actuator").get("_links"))).containsOnlyKeys("self", "health", "health-path", "info",
                "metrics", "metrics-requiredMetricName", "prometheus");
        assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(http.get("/actuator/beans").statusCode()).isEqualTo(404);
    }
}
