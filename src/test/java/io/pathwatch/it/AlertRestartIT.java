package io.pathwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.AgentJar;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.LocalResponder;
import io.pathwatch.testing.Tools;
import io.pathwatch.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pathwatch restarted while its webhook receiver is down: the alert raised before the restart
 * arrives after it, once; the restarted agent does not raise the same problem again, and the
 * resolve that follows carries the same incident.
 */
class AlertRestartIT {

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private Process launch(String name, Path config) throws IOException {
        Process p = AgentJar.launch(dir, name, config);
        processes.add(p);
        return p;
    }

    private static List<Map<String, Object>> received(WebhookReceiver hook) {
        return hook.received().stream().map(WebhookReceiver.Received::json).toList();
    }

    @Test
    void anAlertSpooledBeforeARestartArrivesOnceAndItsResolveFollows() throws Exception {
        int http = Tools.freePort();
        int target = Tools.freePort();
        WebhookReceiver hook = new WebhookReceiver(Tools.freePort());
        closing.add(hook);
        Path config = dir.resolve("application.yml");
        Files.writeString(config, """
                server:
                  port: %d
                pathwatch:
                  agent:
                    name: restart-agent
                  auth:
                    secret: restart-secret
                  responder:
                    enabled: false
                  probe:
                    interval: 200ms
                    timeout: 300ms
                    window: 1s
                  alerts:
                    retry:
                      initial: 200ms
                      max: 1s
                    spool-dir: alert-spool
                    webhook:
                      url: %s
                  paths:
                    - name: dead-then-alive
                      target: 127.0.0.1:%d
                """.formatted(http, hook.url(), target));
        Http client = new Http(http);

        Process first = launch("first", config);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> client.list("/api/alerts?state=open").stream().anyMatch(i -> "DOWN".equals(i.get("state"))));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                ((Number) Http.map(client.object("/api/alerts/sinks").get("webhook")).get("failedAttempts")).longValue() >= 1);
        first.destroy();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        try (Stream<Path> spooled = Files.list(dir.resolve("alert-spool/webhook"))) {
            // one batch file of JSON lines, holding the one alert
            List<Path> batches = spooled.filter(p -> p.toString().endsWith(".jsonl")).toList();
            assertThat(batches).as("the undelivered alert is on disk").hasSize(1);
            assertThat(Files.readAllLines(batches.get(0))).hasSize(1);
        }

        hook.start();
        launch("second", config);
        await().atMost(Duration.ofSeconds(60)).until(() -> hook.received().size() >= 1);
        Map<String, Object> raised = received(hook).get(0);
        assertThat(raised).containsEntry("action", "RAISED").containsEntry("to", "DOWN").containsEntry("path", "dead-then-alive")
                .containsEntry("agent", "restart-agent");
        // the second run judges the path DOWN again: the same problem, so no second raise
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                "DOWN".equals(client.object("/api/paths/dead-then-alive").get("state")));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> hook.received().size() == 1);

        // the target comes to life: the resolve follows, with the incident raised before the restart
        ResponderServer responder = LocalResponder.start(target, "restart-secret");
        closing.add(responder::stop);
        // (on the way it may pass through DEGRADED while the first cycles of the window still failed)
        await().atMost(Duration.ofSeconds(30)).until(() -> received(hook).stream().anyMatch(a -> "RESOLVED".equals(a.get("action"))));
        int count = hook.received().size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> hook.received().size() == count);
        List<Map<String, Object>> all = received(hook);
        System.out.println("alerts across the restart: " + all.stream().map(a -> a.get("sequence") + " " + a.get("action") + " " + a.get("from")
                + ">" + a.get("to")).toList());
        assertThat(all.get(all.size() - 1)).containsEntry("action", "RESOLVED").containsEntry("to", "OK");
        assertThat(all).extracting(a -> a.get("incident")).containsOnly(raised.get("incident"));
        assertThat(all).extracting(a -> a.get("action")).containsOnlyOnce("RAISED", "RESOLVED");
        assertThat(all).extracting(a -> ((Number) a.get("sequence")).longValue()).isSorted().doesNotHaveDuplicates();
        assertThat(all).extracting(a -> a.get("id")).doesNotHaveDuplicates();
    }
}
