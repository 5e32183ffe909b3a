package io.pathwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.config.ConfigReloads;
import io.pathwatch.config.Masking;
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
    void secretsAreMaskedAndUrlsKeepOnlyTheirHostWhenShown() {
        assertThat(Masking.masked("pathwatch.auth.secret", "s3cret")).isEqualTo("******");
        assertThat(Masking.masked("pathwatch.auth.previous-secret", "")).isEmpty();
        assertThat(Masking.masked("pathwatch.paths[0].tls.trust-store-password", "changeit")).isEqualTo("******");
        assertThat(Masking.masked("pathwatch.api.token", "t")).isEqualTo("******");
        assertThat(Masking.masked("pathwatch.alerts.webhook.url", "https://hooks.slack.com/services/T000/B000/XXXX"))
                .isEqualTo("https://hooks.slack.com/******");
        assertThat(Masking.masked("pathwatch.alerts.webhooks[1].url", "http://127.0.0.1:9000/hook?key=abc"))
                .isEqualTo("http://127.0.0.1:9000/******");
        assertThat(Masking.masked("pathwatch.paths[0].target", "10.0.0.1:7100")).isEqualTo("10.0.0.1:7100");
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
        Map<String, ConfigReloads.Setting> before = ConfigSources.settings(sources.fresh());
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
        Map<String, ConfigReloads.Setting> after = ConfigSources.settings(fresh);
        assertThat(after.get("pathwatch.paths[0].name").value()).isEqualTo("b");
        assertThat(after.get("pathwatch.auth.secret").value()).as("read as it is; masking is for showing").isEqualTo("second");
        assertThat(after.get("pathwatch.probe.interval").value()).as("the command line is kept as it was").isEqualTo("2s");
        assertThat(ConfigSources.files(fresh)).containsExactly(file.toAbsolutePath());
    }
}
