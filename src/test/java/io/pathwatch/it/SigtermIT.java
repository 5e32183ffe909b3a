package io.pathwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import io.pathwatch.testing.WebhookReceiver;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * The jar stopped as systemd, docker and ECS stop it (SIGTERM): it exits 0 within 10 s, and on the
 * way out publishes the last partial CloudWatch step (seen by a local stand-in endpoint).
 */
class SigtermIT {

    @TempDir
    Path dir;
    private Process app;
    private WebhookReceiver cloudWatch;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (cloudWatch != null) {
            cloudWatch.close();
        }
    }

    @Test
    void sigtermExitsZeroWithinTenSecondsAfterALastPublish() throws Exception {
        cloudWatch = WebhookReceiver.started();
        cloudWatch.answer(200, "application/cbor", new byte[] {(byte) 0xA0});
        int http = Tools.freePort();
        int responder = Tools.freePort();
        Path config = dir.resolve("application.yml");
        Files.writeString(config, """
                server:
                  port: %d
                pathwatch:
                  agent:
                    name: sigterm-agent
                  auth:
                    secret: sigterm
                  responder:
                    bind: 127.0.0.1
                    port: %d
                  probe:
                    interval: 200ms
                    window: 1s
                    # an untrusted window's RTTs stay out of CloudWatch; a JVM starting on a busy 2-CPU machine can
                    # make every early window untrusted, and this test is about the last publish, not about trust
                    max-self-lag: 1m
                  cloudwatch:
                    enabled: true
                    region: us-east-1
                    endpoint: http://127.0.0.1:%d
                    step: 60s
                  paths:
                    - name: self
                      target: 127.0.0.1:%d
                """.formatted(http, responder, cloudWatch.port(), responder));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("pathwatch.jar", "target/pathwatch.jar")).toAbsolutePath().toString(),
                "--spring.config.additional-location=" + config)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIATESTTESTTESTTEST");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        app = pb.start();
        Http client = new Http(http);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                ((Number) Http.map(Http.map(client.object("/api/paths/self").get("window")).get("rttMs")).get("count")).longValue() >= 20);
        // two sealed windows, so the last (partial) step has samples to publish
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                ((List<?>) client.object("/api/paths/self/history?minutes=1").get("points")).size() >= 2);
        int before = cloudWatch.received().size();

        long signalled = System.nanoTime();
        new ProcessBuilder("kill", "-TERM", Long.toString(app.pid())).start().waitFor(5, TimeUnit.SECONDS);
        assertThat(app.waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s of SIGTERM").isTrue();
        double seconds = (System.nanoTime() - signalled) / 1e9;
        String log = Files.readString(dir.resolve("run.log"));
        System.out.printf("exit %d %.2f s after SIGTERM; %d PutMetricData request(s) after it%n", app.exitValue(), seconds,
                cloudWatch.received().size() - before);
        assertThat(app.exitValue()).as("exit status; log:%n%s", log.length() > 3000 ? log.substring(log.length() - 3000) : log).isZero();
        assertThat(cloudWatch.received().size()).as("a last publish on the way out").isGreaterThan(before);
        // the path figures and the agent's heartbeat go out in separate requests, in either order
        List<Object> names = new java.util.ArrayList<>();
        for (WebhookReceiver.Received r : cloudWatch.received().subList(before, cloudWatch.received().size())) {
            byte[] body = "gzip".equalsIgnoreCase(r.header("Content-Encoding"))
                    ? new GZIPInputStream(new ByteArrayInputStream(r.raw())).readAllBytes() : r.raw();
            @SuppressWarnings("unchecked")
            Map<String, Object> request = CBORMapper.builder().build().readValue(body, Map.class);
            ((List<?>) request.get("MetricData")).forEach(d -> names.add(Http.map(d).get("MetricName")));
        }
        assertThat(names).as("what was published after SIGTERM").contains("pathwatch.rtt", "pathwatch.heartbeat");
    }
}
