package io.pathwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.responder.ResponderServer;
import io.pathwatch.testing.AgentJar;
import io.pathwatch.testing.Http;
import io.pathwatch.testing.LocalResponder;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar takes a changed configuration file without a restart: a path added to the
 * file is probed within 5 s while the other path keeps its counts and its stream; a removed
 * path is gone and its incident resolved; an invalid file changes nothing and
 * {@code /api/config} names the key. {@code POST /api/config/reload} and SIGHUP do the same
 * with the file watcher off.
 */
class ConfigReloadIT {

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private ResponderServer responder;
    private int target;
    private int dead;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (responder != null) {
            responder.stop();
        }
    }

    private void startResponder() {
        target = Tools.freePort();
        dead = Tools.freePort();
        responder = LocalResponder.start(target, "reload-secret");
    }

    private Process launch(String name, Path config) throws IOException {
        Process p = AgentJar.launch(dir, name, config);
        processes.add(p);
        return p;
    }

    private String config(int http, boolean watch, String extraPaths, String probeExtra) {
        return """
                server:
                  port: %d
                pathwatch:
                  agent:
                    name: reload-agent
                  auth:
                    secret: reload-secret
                  responder:
                    enabled: false
                  reload:
                    watch-files: %s
                  probe:
                    interval: 200ms
                    timeout: 500ms
                    window: 1s
                %s
                  paths:
                    - name: stays
                      target: 127.0.0.1:%d
                %s
                """.formatted(http, watch, probeExtra, target, extraPaths);
    }

    private String deadPath(String name) {
        return """
                    - name: %s
                      target: 127.0.0.1:%d
                """.formatted(name, dead);
    }

    private static long cycles(Http http, String path) {
        return ((Number) Http.map(http.object("/api/paths/" + path + "?window=1h").get("window")).get("cycles")).longValue();
    }

    private static Object streamSince(Http http, String path) {
        return Http.map(http.object("/api/paths/" + path).get("stream")).get("since");
    }

    /** The agent is up, its path's stream connected and a few cycles done. */
    private static void awaitProbing(Http http) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> Boolean.TRUE.equals(Http.map(http.object("/api/paths/stays").get("stream")).get("connected")) && cycles(http, "stays") > 3);
    }

    /** What the untouched path had: its cycles since start-up (an hour's window) and when its stream connected. */
    private record Untouched(long cycles, Object since) {
        static Untouched of(Http http) {
            return new Untouched(ConfigReloadIT.cycles(http, "stays"), streamSince(http, "stays"));
        }

        void heldIn(Http http) {
            Untouched now = of(http);
            assertThat(now.cycles).as("the untouched path's cycles go on from where they were").isGreaterThan(cycles);
            assertThat(now.since).as("the untouched path's stream was not reconnected").isEqualTo(since).isNotNull();
        }
    }

    /** Its incident is closed, and the resolve says why (the alert log line, as the sinks get it). */
    private boolean incidentResolvedAsRemoved(Http http, String path, String log) throws IOException {
        boolean closed = http.list("/api/alerts?state=all&path=" + path).stream()
                .anyMatch(i -> "STATE".equals(i.get("kind")) && Boolean.FALSE.equals(i.get("open")));
        return closed && Files.readAllLines(dir.resolve(log + ".log")).stream()
                .anyMatch(l -> l.contains("RESOLVED") && l.contains(path) && l.contains("path removed"));
    }

    @Test
    void aWatchedFileAddsRemovesAndRefusesPathsWithoutARestart() throws Exception {
        startResponder();
        int port = Tools.freePort();
        Http http = new Http(port);
        Path file = dir.resolve("pathwatch.yml");
        Files.writeString(file, config(port, true, "", ""));
        launch("watched", file);
        awaitProbing(http);
        Untouched before = Untouched.of(http);

        // add: probed within 5 s
        Files.writeString(file, config(port, true, deadPath("added"), ""));
        long written = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> cycles(http, "added") > 0);
        System.out.printf("added path probed %d ms after the file was written%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written));
        before.heldIn(http);
        Map<String, Object> report = http.object("/api/config");
        assertThat(Http.map(report.get("last"))).containsEntry("result", "APPLIED").containsEntry("trigger", "file " + file.toAbsolutePath());
        assertThat(Http.map(Http.map(report.get("settings")).get("pathwatch.auth.secret"))).containsEntry("value", "******");
        assertThat((String) Http.map(Http.map(report.get("settings")).get("pathwatch.paths[1].name")).get("origin")).contains(file.getFileName().toString());
        assertThat(report.get("watched").toString()).contains(file.toAbsolutePath().toString());

        // it goes DOWN (its target is closed): an incident opens
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> http.list("/api/alerts?state=open").stream().anyMatch(i -> "added".equals(i.get("path"))));

        // remove: gone, incident resolved
        Files.writeString(file, config(port, true, "", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/paths/added").statusCode() == 404);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> incidentResolvedAsRemoved(http, "added", "watched"));
        assertThat(http.list("/api/alerts?state=open")).noneMatch(i -> "added".equals(i.get("path")));
        assertThat(http.get("/actuator/health/paths").body()).contains("stays").doesNotContain("\"added\"");
        assertThat(http.prometheus("pathwatch_hangs_total", "path", "stays")).isNotNull();
        assertThat(http.prometheus("pathwatch_hangs_total", "path", "added")).as("its meters went with it").isNull();
        before.heldIn(http);

        // invalid: nothing changes, /api/config names the key
        Files.writeString(file, config(port, true, deadPath("never"), "    echo-count: 0\n"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> http.object("/api/config").get("lastError") != null);
        String error = (String) http.object("/api/config").get("lastError");
        assertThat(error).contains("pathwatch.probe.echo-count").contains("\"0\"");
        assertThat(http.get("/api/paths/never").statusCode()).isEqualTo(404);
        assertThat(http.prometheus("pathwatch_config_reloads_total", "result", "failed")).isGreaterThanOrEqualTo(1.0);
        before.heldIn(http);
    }

    /** A path switched to {@code mode: connect} (and back) restarts that path alone: its stream goes, the other path's stays. */
    @Test
    void aModeChangeRestartsThatPathOnly() throws Exception {
        startResponder();
        int port = Tools.freePort();
        Http http = new Http(port);
        Path file = dir.resolve("pathwatch.yml");
        String switching = """
                    - name: switching
                      target: 127.0.0.1:%d
                      mode: %s
                """;
        Files.writeString(file, config(port, true, switching.formatted(target, "stream"), ""));
        launch("modes", file);
        awaitProbing(http);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> Boolean.TRUE.equals(Http.map(http.object("/api/paths/switching").get("stream")).get("connected")));
        Untouched before = Untouched.of(http);

        Files.writeString(file, config(port, true, switching.formatted(target, "connect"), ""));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> "connect".equals(http.object("/api/paths/switching").get("mode")) && cycles(http, "switching") > 2);
        Map<String, Object> connect = http.object("/api/paths/switching");
        assertThat(connect).containsEntry("stream", null);
        assertThat(Http.map(connect.get("window"))).containsEntry("hangs", null).containsEntry("lossRatio", 0.0);
        assertThat(((Number) Http.map(Http.map(connect.get("window")).get("rttMs")).get("count")).longValue())
                .as("statistics started anew: no echo RTT of the stream-mode cycles is left").isZero();
        // read as bytes: the arrow in "mode stream → connect" is written in the JVM's default charset
        assertThat(Files.readAllLines(dir.resolve("modes.log"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .anyMatch(l -> l.contains("stopped probing path switching (path changed: mode stream"));
        before.heldIn(http);

        Files.writeString(file, config(port, true, switching.formatted(target, "stream"), ""));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> Boolean.TRUE.equals(Http.map(http.object("/api/paths/switching").get("stream")).get("connected")));
        assertThat(http.object("/api/paths/switching")).containsEntry("mode", "stream");
        before.heldIn(http);
    }

    @Test
    void postAndSighupReloadTheSameWay() throws Exception {
        startResponder();
        int port = Tools.freePort();
        Http http = new Http(port);
        Path file = dir.resolve("pathwatch.yml");
        Files.writeString(file, config(port, false, "", ""));
        Process agent = launch("explicit", file);
        awaitProbing(http);
        Untouched before = Untouched.of(http);

        // with the watcher off, a written file waits for the word
        Files.writeString(file, config(port, false, deadPath("by-post"), ""));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> http.get("/api/paths/by-post").statusCode() == 404);
        HttpResponse<String> posted = http.post("/api/config/reload");
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).contains("\"APPLIED\"").contains("added [by-post]");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> cycles(http, "by-post") > 0);
        before.heldIn(http);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> http.list("/api/alerts?state=open").stream().anyMatch(i -> "by-post".equals(i.get("path"))));

        // SIGHUP removes it
        Files.writeString(file, config(port, false, "", ""));
        new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start().waitFor(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/paths/by-post").statusCode() == 404);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> incidentResolvedAsRemoved(http, "by-post", "explicit"));
        assertThat(Http.map(http.object("/api/config").get("last"))).containsEntry("trigger", "SIGHUP").containsEntry("result", "APPLIED");
        assertThat(agent.isAlive()).as("SIGHUP no longer stops the JVM").isTrue();

        // POST of an invalid file: 422 naming the key, nothing changed
        Files.writeString(file, config(port, false, deadPath("never"), "    payload-bytes: 20\n"));
        HttpResponse<String> refused = http.post("/api/config/reload");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("FAILED").contains("pathwatch.probe.payload-bytes");
        assertThat(http.get("/api/paths/never").statusCode()).isEqualTo(404);
        before.heldIn(http);

        // a key that would apply only at a restart is still validated now, not left to fail the next start
        Files.writeString(file, config(port, false, "", "").replace("pathwatch:\n", "pathwatch:\n  cloudwatch:\n    namespace: \"bad namespace!\"\n"));
        HttpResponse<String> badLater = http.post("/api/config/reload");
        assertThat(badLater.statusCode()).isEqualTo(422);
        assertThat(badLater.body()).contains("pathwatch.cloudwatch.namespace");

        // a change that needs a restart is reported, not applied
        Files.writeString(file, config(port, false, "", "").replace("name: reload-agent", "name: renamed-agent"));
        HttpResponse<String> restart = http.post("/api/config/reload");
        assertThat(restart.body()).contains("pathwatch.agent.name");
        assertThat(http.object("/api/config").get("pending").toString()).contains("pathwatch.agent.name");
        before.heldIn(http);

        // a new secret applies to new connections: the cycles (a connection each) are refused by the responder, which still
        // has the old one, while the stream authenticated before the reload keeps going
        Files.writeString(file, config(port, false, "", "").replace("secret: reload-secret", "secret: rotated-secret"));
        assertThat(http.post("/api/config/reload").body()).contains("auth secret");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                ((Number) Http.map(Http.map(http.object("/api/paths/stays").get("window")).get("errors")).getOrDefault("auth_rejected", 0))
                        .longValue() > 0);
        assertThat(streamSince(http, "stays")).as("the stream authenticated before keeps going").isEqualTo(before.since());
    }
}
