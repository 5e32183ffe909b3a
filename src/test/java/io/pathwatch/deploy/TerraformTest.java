package io.pathwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/terraform read as Terraform reads it (npm's @cdktf/hcl2json; no provider download needed):
 * every variable used is declared and documented, every module call passes what the module
 * declares, every example's tfvars sets what its root needs, and every metric is a published one. Where
 * terraform and the provider are at hand, {@link TerraformPlanTest} checks the planned values themselves (IAM
 * policies, names, endpoints, tasks).
 */
class TerraformTest {

    private static final Path ROOT = Path.of("deploy/terraform");
    private static final Path HCL2JSON = Path.of(".ci/node/node_modules/@cdktf/hcl2json");
    private static final Pattern VAR = Pattern.compile("\\bvar\\.([a-z0-9_]+)");
    private static final Set<String> PUBLISHED = Set.of("pathwatch.rtt", "pathwatch.connect", "pathwatch.jitter", "pathwatch.spread",
            "pathwatch.loss", "pathwatch.hangs", "pathwatch.hang.duration", "pathwatch.errors", "pathwatch.stream.disconnects",
            "pathwatch.health.state", "pathwatch.schedule.lag", "pathwatch.heartbeat");

    private static JsonNode parsed;
    private static List<Path> files;

    @BeforeAll
    static void parse() throws IOException, InterruptedException {
        assumeThat(Tools.onPath("node")).as("node is not installed (Debian package nodejs); skipping the Terraform test").isTrue();
        assumeThat(HCL2JSON).as("@cdktf/hcl2json is not installed (.ci/run: npm install --prefix .ci/node); skipping the Terraform test").exists();
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(f -> f.toString().endsWith(".tf") || f.toString().endsWith(".tfvars")).sorted().toList();
        }
        List<String> cmd = new ArrayList<>(List.of("node", "src/test/resources/tools/hcl2json.js"));
        files.forEach(f -> cmd.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("NODE_PATH", Path.of(".ci/node/node_modules").toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("every file parses: " + err).isZero();
        parsed = JsonMapper.builder().build().readTree(out);
    }

    private static JsonNode of(Path file) {
        return parsed.get(file.toString());
    }

    private static List<Path> in(Path dir, String suffix) {
        return files.stream().filter(f -> f.getParent().equals(dir) && f.toString().endsWith(suffix)).toList();
    }

    /** Declared variables of a module directory: name → has a default. */
    private static Map<String, Boolean> variables(Path dir) {
        Map<String, Boolean> vars = new HashMap<>();
        for (Path f : in(dir, ".tf")) {
            JsonNode v = of(f).get("variable");
            if (v != null) {
                v.propertyNames().forEach(name -> {
                    JsonNode decl = v.get(name).get(0);
                    assertThat(decl.has("description")).as("%s: variable %s is documented", f, name).isTrue();
                    assertThat(decl.get("description").asString()).as("%s: variable %s", f, name).isNotBlank();
                    vars.put(name, decl.has("default"));
                });
            }
        }
        return vars;
    }

    @Test
    void everyVariableUsedIsDeclaredAndDocumented() throws IOException {
        Set<Path> dirs = new TreeSet<>();
        files.stream().filter(f -> f.toString().endsWith(".tf")).forEach(f -> dirs.add(f.getParent()));
        assertThat(dirs).hasSize(8); // five modules, three example roots
        for (Path dir : dirs) {
            Map<String, Boolean> declared = variables(dir);
            Set<String> used = new TreeSet<>();
            for (Path f : in(dir, ".tf")) {
                Matcher m = VAR.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
            assertThat(declared.keySet()).as(dir + " declares what it uses").containsAll(used);
            assertThat(used).as(dir + " uses what it declares").containsAll(declared.keySet());
        }
    }

    @Test
    void everyModuleCallPassesWhatTheModuleDeclares() {
        Set<String> meta = Set.of("source", "providers", "depends_on", "count", "for_each");
        int calls = 0;
        for (Path f : files.stream().filter(f -> f.toString().endsWith(".tf")).toList()) {
            JsonNode modules = of(f).get("module");
            if (modules == null) {
                continue;
            }
            for (String name : modules.propertyNames()) {
                JsonNode call = modules.get(name).get(0);
                assertThat(call.has("source")).as("%s: module %s has a source", f, name).isTrue();
                Path target = f.getParent().resolve(call.get("source").asString()).normalize();
                Map<String, Boolean> declared = variables(target);
                Set<String> passed = new TreeSet<>(call.propertyNames());
                passed.removeAll(meta);
                assertThat(declared.keySet()).as("%s: module %s passes only variables %s declares", f, name, target).containsAll(passed);
                declared.forEach((v, hasDefault) -> {
                    if (!hasDefault) {
                        assertThat(passed).as("%s: module %s sets required variable %s", f, name, v).contains(v);
                    }
                });
                calls++;
            }
        }
        assertThat(calls).isEqualTo(19);
        // and every tfvars of an example sets only what its root declares, and all it requires
        Set<Path> roots = new TreeSet<>();
        files.stream().filter(f -> f.toString().endsWith(".tfvars")).forEach(f -> roots.add(f.getParent()));
        assertThat(roots).hasSize(3);
        for (Path example : roots) {
            Map<String, Boolean> declared = variables(example);
            for (Path tfvars : in(example, ".tfvars")) {
                Set<String> set = new TreeSet<>(of(tfvars).propertyNames());
                assertThat(declared.keySet()).as(tfvars.toString()).containsAll(set);
                declared.forEach((v, hasDefault) -> assertThat(hasDefault || set.contains(v)).as("%s sets %s", tfvars, v).isTrue());
            }
        }
    }

    @Test
    void everyMetricTheAlarmsAndDashboardNameIsPublished() throws IOException {
        Pattern literal = Pattern.compile("\"(pathwatch\\.[a-z_.]+)\"");
        Set<String> named = new TreeSet<>();
        for (Path f : in(ROOT.resolve("modules/alarms"), ".tf")) {
            Matcher m = literal.matcher(Files.readString(f));
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        assertThat(named).contains("pathwatch.health.state", "pathwatch.rtt", "pathwatch.hangs", "pathwatch.heartbeat");
        assertThat(PUBLISHED).containsAll(named);
        JsonNode alarms = of(ROOT.resolve("modules/alarms/main.tf")).get("resource").get("aws_cloudwatch_metric_alarm");
        assertThat(alarms.propertyNames()).containsExactlyInAnyOrder("state", "rtt_p99", "hangs", "hang_time", "heartbeat");
        assertThat(alarms.get("rtt_p99").get(0).get("extended_statistic").asString()).isEqualTo("p99");
    }

    @Test
    void terraformFmtHasNothingToChange() throws IOException, InterruptedException {
        assumeThat(Tools.onPath("terraform")).as("terraform is not installed; skipping terraform fmt -check").isTrue();
        Process p = new ProcessBuilder("terraform", "fmt", "-check", "-recursive", ROOT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
