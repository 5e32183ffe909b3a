package io.pathwatch.it;

import static io.pathwatch.testing.Http.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/** The jar as users run it: {@code java -jar target/pathwatch.jar} with a config file. */
class PackagedJarIT {

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process launch(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static String jar() {
        String jar = System.getProperty("pathwatch.jar", "target/pathwatch.jar");
        assertThat(Path.of(jar)).exists();
        return jar;
    }

    @Test
    void oneResponderAndOnePathToItShowRealFiguresWithinFiveSeconds() throws Exception {
        int responder = Tools.freePort();
        int http = Tools.freePort();
        Path config = dir.resolve("application.yml");
        Files.writeString(config, """
                server:
                  port: %d
                pathwatch:
                  auth:
                    secret: it-secret
                  responder:
                    bind: 127.0.0.1
                    port: %d
                  paths:
                    - name: self
                      target: 127.0.0.1:%d
                      tags:
                        via: loopback
                """.formatted(http, responder, responder));
        long launched = System.nanoTime();
        launch(dir.resolve("run.log"), "--spring.config.additional-location=" + config);
        Http client = new Http(http);
        // the JVM and Spring take 3-4 s to start on a 2-core machine; the 5 s run from the moment the service answers
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> client.get("/actuator/health/liveness").statusCode() == 200);
        long up = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            Map<String, Object> rtt = map(map(client.object("/api/paths/self").get("window")).get("rttMs"));
            return ((Number) rtt.get("count")).longValue() > 0;
        });
        double seconds = (System.nanoTime() - launched) / 1e9;
        System.out.printf("service up %.2f s after launch; first figures %.2f s after launch, %.2f s after up%n",
                (up - launched) / 1e9, seconds, (System.nanoTime() - up) / 1e9);
        Map<String, Object> rtt = map(map(client.object("/api/paths/self").get("window")).get("rttMs"));
        double p50 = ((Number) rtt.get("p50")).doubleValue();
        System.out.printf("first figures %.2f s after launch: rtt p50 %.3f ms%n", seconds, p50);
        assertThat(p50).as("loopback rtt p50 in ms").isBetween(0.005, 20.0);
        assertThat(map(client.object("/api/paths/self").get("tags"))).containsEntry("via", "loopback");
    }

    @Test
    void aBadValueStopsStartUpWithAMessageThatNamesTheKey() throws Exception {
        assertStartupFails("--pathwatch.probe.echo-count=0", "pathwatch.probe.echo-count");
        assertStartupFails("--pathwatch.paths[0].name=x", "pathwatch.paths[0].target");
        assertStartupFails("--pathwatch.responder.port=70000", "pathwatch.responder.port");
        assertStartupFails("--pathwatch.health.rules[0].name=odd", "pathwatch.health.rules[0]", "--pathwatch.health.rules[0].figure=rtt.p42");
        assertStartupFails("--pathwatch.health.rules[0].name=latency", "when (in units that suit the figure)", "--pathwatch.health.rules[0].when=> 5%");
        assertStartupFails("--pathwatch.alerts.webhook.url=ftp://x", "pathwatch.alerts.webhook.url");
    }

    private void assertStartupFails(String arg, String key, String... more) throws Exception {
        Path log = dir.resolve("fail-" + Math.abs(arg.hashCode()) + ".log");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--pathwatch.responder.port=0", arg));
        args.addAll(List.of(more));
        Process p = launch(log, args.toArray(String[]::new));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains(key);
    }
}
