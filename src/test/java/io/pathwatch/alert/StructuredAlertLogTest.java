package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.LabAndRefusedPaths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With Spring Boot's structured logging ({@code logging.structured.format.console=ecs}) every log
 * line is one JSON object, and the alert log's lines carry path, kind, action, incident, state and
 * cause as JSON fields of their own, so a log pipeline filters on them without parsing the message.
 * A refused path goes DOWN (a STATE alert); a 2.5 s stall is a hang (a HANG alert, then its cause).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.structured.format.console=ecs",
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=json-logs",
        "pathwatch.agent.name=json-agent",
        "pathwatch.probe.interval=200ms",
        "pathwatch.probe.window=1s",
        "pathwatch.health.baseline.min-windows=3"})
class StructuredAlertLogTest {

    private static final Set<String> CAUSES = Set.of("forward_loss", "reverse_loss", "forward_or_reverse_loss", "far_end_stall", "reset",
            "local_overload", "unknown");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LabAndRefusedPaths rig;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        rig = LabAndRefusedPaths.register(registry, "json-logs", "stalling", 9);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    /** Every line the application logged since the capture began; each must be one JSON object. */
    private static List<JsonNode> lines(CapturedOutput output) {
        return output.getOut().lines().filter(l -> l.startsWith("{")).map(JSON::readTree).toList();
    }

    private static Optional<JsonNode> line(CapturedOutput output, Predicate<JsonNode> which) {
        return lines(output).stream().filter(which).findFirst();
    }

    private static String text(JsonNode line, String field) {
        JsonNode f = line.get(field);
        return f == null || f.isNull() ? null : f.asString();
    }

    private static Predicate<JsonNode> alert(String kind, String action, String path) {
        return l -> "pathwatch.alerts".equals(l.path("log").path("logger").asString()) && kind.equals(text(l, "kind"))
                && action.equals(text(l, "action")) && path.equals(text(l, "path"));
    }

    @Test
    void alertLinesCarryTheirFieldsAsJson(CapturedOutput output) {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> line(output, alert("STATE", "RAISED", "refused")).isPresent());
        JsonNode down = line(output, alert("STATE", "RAISED", "refused")).orElseThrow();
        System.out.println("STATE alert as logged: " + down);
        assertThat(down.path("log").path("level").asString()).isEqualTo("WARN");
        assertThat(text(down, "state")).isEqualTo("DOWN");
        assertThat(text(down, "to")).isEqualTo("DOWN");
        // "agent" is an object in ECS (and Filebeat adds one): a string there would not index
        assertThat(text(down, "agent_name")).isEqualTo("json-agent");
        assertThat(down.has("agent")).isFalse();
        assertThat(text(down, "incident")).isNotBlank().isEqualTo(Http.map(http.list("/api/alerts?path=refused").get(0)).get("id"));
        assertThat(text(down, "alert_id")).isNotBlank();
        assertThat(down.get("message").asString()).as("the message still reads as text").startsWith("[DOWN] path refused");
        JsonNode changed = line(output, l -> "io.pathwatch.health.PathHealthTracker".equals(l.path("log").path("logger").asString())
                && "refused".equals(text(l, "path"))).orElseThrow();
        assertThat(text(changed, "state")).isEqualTo("DOWN");

        // a hang: its alert at once, its cause once settled after the stall ended
        await().atMost(Duration.ofSeconds(30)).until(() -> "OK".equals(http.object("/api/paths/stalling").get("state")));
        rig.labPath().stallNow(2500);
        await().atMost(Duration.ofSeconds(20)).until(() -> line(output, alert("HANG", "CAUSE", "stalling")).isPresent());
        JsonNode hang = line(output, alert("HANG", "RAISED", "stalling")).orElseThrow();
        JsonNode cause = lines(output).stream().filter(alert("HANG", "CAUSE", "stalling"))
                .filter(l -> !l.path("cause_provisional").asBoolean(true)).findFirst().orElseThrow();
        System.out.println("HANG alert as logged: " + hang);
        System.out.println("its cause as logged: " + cause);
        assertThat(text(hang, "incident")).isNotBlank();
        assertThat(text(cause, "incident")).isEqualTo(text(hang, "incident"));
        assertThat(text(cause, "cause")).isIn(CAUSES);
        assertThat(text(cause, "agent_name")).isEqualTo("json-agent");
        // and nothing the application logged in that time fell out of the format
        // (the lines before are the test framework's own, logged before Spring Boot set logging up)
        String out = output.getOut();
        assertThat(out.substring(out.indexOf("\n{") + 1).lines().filter(l -> !l.isBlank() && !l.startsWith("{") && !l.startsWith("STATE alert")
                && !l.startsWith("HANG alert") && !l.startsWith("its cause"))).isEmpty();
    }
}
