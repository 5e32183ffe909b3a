package io.pathwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The arrows of STYLE.md's table point one way: each package imports only what it may use. */
class PackageDependencyTest {

    private static final Path SOURCES = Path.of("src/main/java/io/pathwatch");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.pathwatch\\.(\\w+)", Pattern.MULTILINE);

    private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("config", Set.of()),
            Map.entry("path", Set.of()),
            Map.entry("wire", Set.of()),
            Map.entry("responder", Set.of("wire", "config")),
            Map.entry("probe", Set.of("wire", "path", "config")),
            // the lab proxies bytes; it takes only the epoll/NIO choice (Transport) from wire
            Map.entry("lab", Set.of("config", "wire")),
            Map.entry("stats", Set.of("path", "config")),
            Map.entry("health", Set.of("stats", "path")),
            Map.entry("alert", Set.of("health", "path")),
            // metrics follows the paths a reload adds and removes through path's PathLifecycle
            Map.entry("metrics", Set.of("stats", "health", "path")),
            // api also takes path's CycleRunner and CycleOutcome: POST /api/paths/{name}/probe returns a raw cycle
            // and config's ConfigReloads: GET /api/config and POST /api/config/reload
            Map.entry("api", Set.of("stats", "health", "alert", "path", "config")),
            Map.entry("discovery", Set.of("config")),
            // the one-shot CLI is a composition root like the application: the prober, its specs and the statistics
            Map.entry("cli", Set.of("path", "probe", "wire", "config", "stats")));

    @Test
    void everyPackageImportsOnlyWhatItMayUse() throws IOException {
        for (Map.Entry<String, Set<String>> e : MAY_USE.entrySet()) {
            Set<String> used = pathwatchImports(SOURCES.resolve(e.getKey()));
            used.remove(e.getKey());
            assertThat(used).as("package %s imports", e.getKey()).isSubsetOf(e.getValue());
        }
    }

    @Test
    void everyPackageSaysWhatItOwns() throws IOException {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            List<Path> packages = dirs.filter(Files::isDirectory).toList();
            assertThat(packages).isNotEmpty().allSatisfy(p -> assertThat(p.resolve("package-info.java")).exists());
        }
    }

    @Test
    void probesNeverTouchStatisticsOrMetricsLibraries() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve("probe"))) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).as(f.toString())
                        .doesNotContain("org.HdrHistogram").doesNotContain("io.micrometer").doesNotContain("io.pathwatch.stats");
            }
        }
    }

    @Test
    void nothingImportsMetricsApiOrWeb() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String own = SOURCES.relativize(f.getParent()).toString();
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(own)) {
                        assertThat(m.group(1)).as(f.toString()).isNotIn("metrics", "api", "web");
                    }
                }
            }
        }
    }

    private static Set<String> pathwatchImports(Path dir) throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        return used;
    }
}
