package io.pathwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/** Reading the files again as start-up did, what is shown of them, and which files are watched. */
class ConfigSourcesTest {

    @TempDir
    Path dir;

    @Test
    void secretsAreMaskedAndUrlsKeepOnlyTheirHost() {
        assertThat(ConfigSources.masked("pathwatch.auth.secret", "s3cret")).isEqualTo("******");
        assertThat(ConfigSources.masked("pathwatch.auth.previous-secret", "")).isEmpty();
        assertThat(ConfigSources.masked("pathwatch.paths[0].tls.trust-store-password", "changeit")).isEqualTo("******");
        assertThat(ConfigSources.masked("pathwatch.api.token", "t")).isEqualTo("******");
        assertThat(ConfigSources.masked("pathwatch.alerts.webhook.url", "https://hooks.slack.com/services/T000/B000/XXXX"))
                .isEqualTo("https://hooks.slack.com/******");
        assertThat(ConfigSources.masked("pathwatch.alerts.webhooks[1].url", "http://127.0.0.1:9000/hook?key=abc"))
                .isEqualTo("http://127.0.0.1:9000/******");
        assertThat(ConfigSources.masked("pathwatch.paths[0].target", "10.0.0.1:7100")).isEqualTo("10.0.0.1:7100");
    }

    @Test
    void locationsNameTheirFiles() {
        assertThat(ConfigSources.locationFile("optional:file:/etc/pathwatch/pathwatch.yml")).isEqualTo(Path.of("/etc/pathwatch/pathwatch.yml"));
        assertThat(ConfigSources.locationFile("/etc/pathwatch/a.properties")).isEqualTo(Path.of("/etc/pathwatch/a.properties"));
        assertThat(ConfigSources.locationFile("classpath:/application.yml")).isNull();
        assertThat(ConfigSources.locationFile("file:/etc/pathwatch/")).isNull();
        assertThat(ConfigSources.locationFile("configtree:/run/secrets/")).isNull();
    }

    @Test
    void aFreshReadSeesTheFileAsItIsNowWithWhereEachValueCameFrom() throws Exception {
        Path file = dir.resolve("pathwatch.yml");
        Files.writeString(file, """
                pathwatch:
                  auth:
                    secret: first
                  paths:
                    - name: a
                      target: 127.0.0.1:7100
                """);
        StandardEnvironment running = new StandardEnvironment();
        running.getPropertySources().addFirst(new MapPropertySource("commandLineArgs",
                Map.of("spring.config.additional-location", file.toString(), "pathwatch.probe.interval", "2s")));
        ConfigSources sources = new ConfigSources(running, new DefaultResourceLoader());
        Map<String, ConfigSources.Setting> before = ConfigSources.settings(sources.fresh(), false);
        assertThat(before.get("pathwatch.paths[0].name").value()).isEqualTo("a");
        assertThat(before.get("pathwatch.paths[0].name").origin()).contains(file.getFileName().toString()).contains("5:");
        assertThat(before.get("pathwatch.probe.interval").value()).isEqualTo("2s");

        Files.writeString(file, """
                pathwatch:
                  auth:
                    secret: second
                  paths:
                    - name: b
                      target: 127.0.0.1:7100
                """);
        var fresh = sources.fresh();
        Map<String, ConfigSources.Setting> after = ConfigSources.settings(fresh, true);
        assertThat(after.get("pathwatch.paths[0].name").value()).isEqualTo("b");
        assertThat(after.get("pathwatch.auth.secret").value()).isEqualTo("******");
        assertThat(after.get("pathwatch.probe.interval").value()).as("the command line is kept as it was").isEqualTo("2s");
        assertThat(ConfigSources.files(fresh)).containsExactly(file.toAbsolutePath());
    }
}
