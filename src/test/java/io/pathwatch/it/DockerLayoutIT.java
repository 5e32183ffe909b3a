package io.pathwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile's recipe without Docker (none on the build machines): the jar's layers extracted
 * as its build stage does, copied into one directory as its COPY lines do, its class data sharing
 * archive trained as its RUN step does, run as its ENTRYPOINT does; the liveness its HEALTHCHECK
 * asks answers, and SIGTERM stops it with status 0.
 */
class DockerLayoutIT {

    @TempDir
    Path dir;
    private Process app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String run(Path cwd, String... cmd) throws IOException, InterruptedException {
        return run(cwd, Map.of(), cmd);
    }

    private static String run(Path cwd, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue(); // a loaded 2-vCPU machine takes a minute to start Spring
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theLayeredImageLayoutRunsAndStopsCleanly() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of(System.getProperty("pathwatch.jar", "target/pathwatch.jar")).toAbsolutePath();
        List<String> layers = run(dir, java, "-Djarmode=tools", "-jar", jar.toString(), "list-layers").lines().map(String::trim)
                .filter(l -> !l.isEmpty()).toList();
        assertThat(layers).contains("dependencies", "application");
        for (String layer : layers) {
            assertThat(dockerfile).as("a COPY for layer " + layer).contains("COPY --from=build /extracted/" + layer + "/ ./");
        }
        assertThat(dockerfile).contains("extract --layers --destination /extracted").contains("USER 10001")
                .contains("HEALTHCHECK").contains("/actuator/health/liveness").contains("\"-jar\", \"/app/pathwatch.jar\"");

        run(dir, java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--layers", "--destination", dir.resolve("extracted").toString());
        Path app = dir.resolve("app");
        for (String layer : layers) {
            Path from = dir.resolve("extracted").resolve(layer);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = app.resolve(from.relativize(f));
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertThat(app.resolve("pathwatch.jar")).exists();
        // the image's class data sharing step: a training start that exits after the refresh writes the archive
        assertThat(dockerfile).contains("-XX:ArchiveClassesAtExit=/app/pathwatch.jsa -Dspring.context.exit=onRefresh")
                .contains("\"-XX:SharedArchiveFile=/app/pathwatch.jsa\", \"-XX:TieredStopAtLevel=1\", \"-jar\", \"/app/pathwatch.jar\"");
        // the image's memory flags reach every java of it (the training run and the service) as its ENV
        Matcher tool = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\"$").matcher(dockerfile);
        assertThat(tool.find()).as("the Dockerfile sets JAVA_TOOL_OPTIONS").isTrue();
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", tool.group(1));
        assertThat(dockerfile.indexOf("ENV JAVA_TOOL_OPTIONS")).as("set before the training run").isLessThan(dockerfile.indexOf("-XX:ArchiveClassesAtExit"));
        Path archive = app.resolve("pathwatch.jsa");
        assertThat(dockerfile).contains("RUN java -XX:MaxRAM=1g -XX:ArchiveClassesAtExit=");
        run(app, env, java, "-XX:MaxRAM=1g", "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                "-jar", app.resolve("pathwatch.jar").toString(), "--pathwatch.demo.enabled=false", "--pathwatch.responder.enabled=false", "--server.port=0",
                "--pathwatch.state-dir=" + dir.resolve("cds-training"));
        assertThat(Files.size(archive)).as("the archive holds the classes of a start").isGreaterThan(10_000_000);
        int http = Tools.freePort();
        // -Xshare:on: an archive this JVM cannot map ends the start here, where the image (auto) would skip it in silence
        ProcessBuilder service = new ProcessBuilder(java, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1", "-jar", app.resolve("pathwatch.jar").toString(),
                "--server.port=" + http, "--pathwatch.responder.port=0", "--pathwatch.responder.bind=127.0.0.1")
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        service.environment().putAll(env);
        this.app = service.start();
        Http client = new Http(http);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> client.get("/actuator/health/liveness").statusCode() == 200);
        assertThat(client.object("/actuator/health/liveness")).containsEntry("status", "UP");
        new ProcessBuilder("kill", "-TERM", Long.toString(this.app.pid())).start().waitFor(5, TimeUnit.SECONDS);
        assertThat(this.app.waitFor(10, TimeUnit.SECONDS)).as("stops within 10 s of SIGTERM").isTrue();
        assertThat(this.app.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("run.log"))).as("the JVM took the image's flags").contains("Picked up JAVA_TOOL_OPTIONS: " + tool.group(1));
    }
}
