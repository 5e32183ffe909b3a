package io.pathwatch.health;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every monitored path DOWN, and pathwatch itself still live and ready. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.probe.interval=200ms",
        "pathwatch.probe.timeout=300ms",
        "pathwatch.probe.window=1s",
        "pathwatch.agent.name=liveness-agent"})
class DeadPathLivenessTest {

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void closedPorts(DynamicPropertyRegistry registry) throws IOException {
        // a list binds from one property source only, so every key of it lives here
        registry.add("pathwatch.paths[0].name", () -> "dead-a");
        registry.add("pathwatch.paths[1].name", () -> "dead-b");
        registry.add("pathwatch.paths[0].target", () -> "127.0.0.1:" + Tools.freePort());
        registry.add("pathwatch.paths[1].target", () -> "127.0.0.1:" + Tools.freePort());
    }

    @Test
    void livenessAndReadinessStayUpWhileEveryPathIsDown() {
        Http http = new Http(port);
        // each path is judged at its own window's end: wait for both, not for the first
        await().atMost(Duration.ofSeconds(10)).until(() -> map(http.object("/actuator/health/paths").get("components")).values().stream()
                .allMatch(c -> "DOWN".equals(map(c).get("status"))));
        Map<String, Object> a = map(map(http.object("/actuator/health/paths").get("components")).get("dead-a"));
        assertThat(a.get("status")).isEqualTo("DOWN");
        assertThat((java.util.List<?>) map(a.get("details")).get("reasons")).first().asString()
                .startsWith("down: connect.failure_ratio 100 % >= 100 %").contains("refused");
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(http.object("/actuator/health/liveness")).containsEntry("status", "UP");
        assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(http.list("/api/paths")).allSatisfy(p -> assertThat(p.get("state")).isEqualTo("DOWN"));
        assertThat(http.get("/api/lab/paths").statusCode()).as("no lab without the demo").isEqualTo(404);
        // and each dead path has its open alert
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(http.list("/api/alerts?state=open"))
                .filteredOn(i -> "STATE".equals(i.get("kind"))).extracting(i -> i.get("path") + " " + i.get("state")).containsExactlyInAnyOrder("dead-a DOWN", "dead-b DOWN"));
        assertThat(http.get("/api/alerts?state=bogus").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/alerts?state=bogus").headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(http.get("/api/alerts?path=nope").statusCode()).isEqualTo(404);
        // a dead path has no RTT to learn from: its baselines are still empty
        assertThat(map(map(http.object("/api/paths/dead-a").get("baseline")).get("rtt.p50"))).containsEntry("value", null)
                .containsEntry("windows", 0);
        // the figure CloudWatch alarms watch: 2 for DOWN
        assertThat(http.get("/actuator/prometheus").body()).contains("pathwatch_health_state{agent=\"liveness-agent\",path=\"dead-a\"} 2.0")
                .contains("pathwatch_health_state{agent=\"liveness-agent\",path=\"dead-b\"} 2.0");
    }
}
