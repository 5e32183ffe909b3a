package io.pathwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.config.PathwatchProperties;
import io.pathwatch.config.ResponderProperties;
import io.pathwatch.metrics.CloudWatchProperties;
import io.pathwatch.testing.Tools;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.support.SpringApplicationJsonEnvironmentPostProcessor;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every example root of deploy/terraform with every .tfvars it ships, through the real terraform
 * and the hashicorp/aws provider from a local filesystem mirror: init (local backend), validate,
 * plan with -refresh=false, then the plan's JSON. Fake credentials in a test-only shared
 * credentials file (one profile per account) and the provider's skip flags in a test-only override
 * file: nothing leaves the machine. The assertions read the planned values, not the source.
 */
class TerraformPlanTest {

    private static final Path ROOT = Path.of("deploy/terraform");
    private static final Path DEFAULT_MIRROR = Path.of("/opt/tf-plugins");
    /** Planned managed resources per example × tfvars: the figures deploy/README.md and deploy/terraform/README.md quote. */
    private static final Map<String, Integer> EXPECTED_COUNTS = Map.of(
            "two-region/provider × provider.tfvars", 21,
            "two-region/consumer × production.tfvars", 33,
            "two-region/consumer × uat.tfvars", 39,
            "four-region × production.tfvars", 121,
            "four-region × uat.tfvars", 121);
    private static final Pattern ALIAS = Pattern.compile("provider\\s+\"aws\"\\s*\\{\\s*alias\\s*=\\s*\"([a-z0-9_]+)\"");
    private static final Pattern DEFAULT_PROVIDER = Pattern.compile("provider\\s+\"aws\"\\s*\\{\\s*region\\b");
    private static final Pattern PROFILE = Pattern.compile("profile\\s*=\\s*\"([a-z0-9-]+)\"");
    /**
     * Regions cross-region PrivateLink was launched in (November 2024), as deploy/terraform/README.md
     * lists them: every service_region and supported_regions entry must be one of these.
     */
    static final Set<String> CROSS_REGION_PRIVATELINK = Set.of("us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1",
            "eu-west-2", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "sa-east-1");

    @TempDir
    static Path work;

    /** "example × tfvars" → terraform show -json of its plan. */
    private static final Map<String, JsonNode> plans = new LinkedHashMap<>();
    /** The consumer's uat.tfvars with an internet_target but no internet_egress: terraform's own answer. */
    private static String internetWithoutEgress;
    private static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void planEverything() throws IOException, InterruptedException {
        assumeThat(Tools.onPath("terraform")).as("terraform is not installed; skipping the Terraform plan test").isTrue();
        Path mirror = Path.of(System.getenv().getOrDefault("PATHWATCH_TF_PLUGIN_MIRROR", DEFAULT_MIRROR.toString()));
        assumeThat(hasAwsProvider(mirror)).as("no hashicorp/aws provider in a filesystem mirror at %s (set PATHWATCH_TF_PLUGIN_MIRROR); "
                + "skipping the Terraform plan test", mirror).isTrue();

        Path copy = work.resolve("terraform");
        copyTree(ROOT, copy);
        Path cli = work.resolve("cli.tfrc");
        Files.writeString(cli, """
                provider_installation {
                  filesystem_mirror {
                    path    = "%s"
                    include = ["registry.terraform.io/hashicorp/aws"]
                  }
                  direct {
                    exclude = ["registry.terraform.io/hashicorp/aws"]
                  }
                }
                """.formatted(mirror.toAbsolutePath()));
        List<Path> roots;
        try (Stream<Path> walk = Files.walk(copy.resolve("examples"))) {
            roots = walk.filter(Files::isDirectory).filter(TerraformPlanTest::hasTfvars).sorted().toList();
        }
        assertThat(roots).hasSize(3);
        // one fake key per profile the tfvars name: each account's provider configuration finds its own
        Set<String> profiles = new TreeSet<>();
        for (Path r : roots) {
            for (Path tfvars : tfvars(r)) {
                Matcher m = PROFILE.matcher(Files.readString(tfvars));
                while (m.find()) {
                    profiles.add(m.group(1));
                }
            }
        }
        StringBuilder creds = new StringBuilder();
        for (String p : profiles) {
            creds.append("[").append(p).append("]\naws_access_key_id = AKIAPATHWATCHTEST0000\naws_secret_access_key = fake/")
                    .append(p).append("\n");
        }
        Files.writeString(work.resolve("credentials"), creds);
        Files.writeString(work.resolve("config"), "");
        Map<String, String> env = new HashMap<>();
        env.put("TF_CLI_CONFIG_FILE", cli.toString());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("credentials").toString());
        env.put("AWS_CONFIG_FILE", work.resolve("config").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");

        long start = System.nanoTime();
        // the roots are independent directories: two at a time, one per CPU (a plan is mostly one process loading the provider)
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, JsonNode> planned = new ConcurrentHashMap<>();
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Path r : roots) {
                runs.add(pool.submit(() -> {
                    planRoot(copy, r, env, planned);
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(10, TimeUnit.MINUTES);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("terraform did not plan every example", e);
        } finally {
            pool.shutdownNow();
        }
        new TreeMap<>(planned).forEach(plans::put);
        // an internet path without a route to the internet would never connect, and its alarm would page forever
        Path consumer = copy.resolve("examples/two-region/consumer");
        internetWithoutEgress = runFailing(consumer, env, "terraform", "plan", "-refresh=false", "-input=false", "-lock=false", "-no-color",
                "-var-file=uat.tfvars", "-var=internet_target=feed-pathwatch.provider.example:443");
        System.out.printf("terraform init/validate/plan of %d example × tfvars: %.1f s%n", plans.size(), (System.nanoTime() - start) / 1e9);
    }

    /** init, validate, then a plan and its JSON for each tfvars of one example root. */
    private static void planRoot(Path copy, Path r, Map<String, String> env, Map<String, JsonNode> into) throws IOException, InterruptedException {
        writeOverride(r);
        String example = copy.resolve("examples").relativize(r).toString();
        run(r, env, "terraform", "init", "-input=false", "-no-color");
        run(r, env, "terraform", "validate", "-no-color");
        for (Path tfvars : tfvars(r)) {
            String key = example + " × " + tfvars.getFileName();
            long t0 = System.nanoTime();
            run(r, env, "terraform", "plan", "-refresh=false", "-input=false", "-lock=false", "-no-color",
                    "-var-file=" + tfvars.getFileName(), "-out=plan.bin");
            String shown = run(r, env, "terraform", "show", "-json", "plan.bin");
            JsonNode plan = json.readTree(shown);
            into.put(key, plan);
            System.out.printf("terraform plan %s: %d resources to add (%.1f s)%n", key, managed(plan).size(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static boolean hasAwsProvider(Path mirror) throws IOException {
        Path aws = mirror.resolve("registry.terraform.io/hashicorp/aws");
        if (!Files.isDirectory(aws)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(aws, 3)) {
            return walk.anyMatch(p -> p.getFileName().toString().startsWith("terraform-provider-aws"));
        }
    }

    private static boolean hasTfvars(Path dir) {
        return !tfvars(dir).isEmpty();
    }

    private static List<Path> tfvars(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.toString().endsWith(".tfvars")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(p -> !p.toString().contains(".terraform")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** The skip flags on every provider configuration of the root, and a local backend instead of S3. */
    private static void writeOverride(Path root) throws IOException {
        String skips = """
                  skip_credentials_validation = true
                  skip_requesting_account_id  = true
                  skip_metadata_api_check     = true
                  skip_region_validation      = true
                """;
        StringBuilder o = new StringBuilder("terraform {\n  backend \"local\" {}\n}\n");
        int configs = 0;
        try (Stream<Path> list = Files.list(root)) {
            for (Path tf : list.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                String text = Files.readString(tf);
                Matcher m = ALIAS.matcher(text);
                while (m.find()) {
                    o.append("provider \"aws\" {\n  alias = \"").append(m.group(1)).append("\"\n").append(skips).append("}\n");
                    configs++;
                }
                if (DEFAULT_PROVIDER.matcher(text).find()) {
                    o.append("provider \"aws\" {\n").append(skips).append("}\n");
                    configs++;
                }
            }
        }
        assertThat(configs).as("%s has provider configurations", root).isPositive();
        Files.writeString(root.resolve("test_override.tf"), o);
    }

    private static String run(Path dir, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        // nothing of the caller's Terraform or AWS setup (workspace, data dir, credentials, profile) leaks in
        pb.environment().keySet().removeIf(k -> k.startsWith("TF_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(done).as("%s in %s ended within 300 s", String.join(" ", cmd), dir).isTrue();
        assertThat(p.exitValue()).as("%s in %s:%n%s%n%s", String.join(" ", cmd), dir, tail(stdout), stderr).isZero();
        return stdout;
    }

    /** Runs a command that must fail; its stdout and stderr. */
    private static String runFailing(Path dir, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TF_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(done).as("%s in %s ended within 300 s", String.join(" ", cmd), dir).isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s in %s should fail:%n%s", String.join(" ", cmd), dir, tail(output)).isNotZero();
        return output;
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    // ---- reading a plan

    private static List<JsonNode> managed(JsonNode plan) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode rc : plan.get("resource_changes")) {
            if (rc.get("mode").asString().equals("managed")) {
                out.add(rc);
            }
        }
        return out;
    }

    private static List<JsonNode> ofType(JsonNode plan, String type) {
        return managed(plan).stream().filter(rc -> rc.get("type").asString().equals(type)).toList();
    }

    private static JsonNode after(JsonNode rc) {
        return rc.get("change").get("after");
    }

    private static JsonNode one(JsonNode plan, String type, Predicate<JsonNode> which) {
        List<JsonNode> found = ofType(plan, type).stream().filter(which).toList();
        assertThat(found).as("one %s", type).hasSize(1);
        return found.get(0);
    }

    private static Predicate<JsonNode> inModule(String module) {
        return rc -> rc.has("module_address") && rc.get("module_address").asString().equals(module);
    }

    private static Map<String, JsonNode> plansOf(String example) {
        Map<String, JsonNode> out = new TreeMap<>();
        plans.forEach((k, v) -> {
            if (k.startsWith(example + " × ")) {
                out.put(k, v);
            }
        });
        assertThat(out).as(example).isNotEmpty();
        return out;
    }

    private static String variable(JsonNode plan, String name) {
        return plan.get("variables").get(name).get("value").asString();
    }

    private static JsonNode container(JsonNode taskDefinition) {
        JsonNode defs = json.readTree(after(taskDefinition).get("container_definitions").asString());
        assertThat(defs).hasSize(1);
        return defs.get(0);
    }

    private static Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.get("environment").forEach(e -> env.put(e.get("name").asString(), e.get("value").asString()));
        return env;
    }

    private static Map<String, String> secrets(JsonNode container) {
        Map<String, String> s = new TreeMap<>();
        container.get("secrets").forEach(e -> s.put(e.get("name").asString(), e.get("valueFrom").asString()));
        return s;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isString()) {
            out.add(node.asString());
        } else {
            node.forEach(n -> out.add(n.asString()));
        }
        return out;
    }

    /** A role policy's statements, by Sid. */
    private static Map<String, JsonNode> statements(JsonNode rolePolicy) {
        JsonNode policy = after(rolePolicy).get("policy");
        assertThat(policy).as("%s is known at plan time", rolePolicy.get("address").asString()).isNotNull();
        Map<String, JsonNode> out = new TreeMap<>();
        json.readTree(policy.asString()).get("Statement").forEach(s -> {
            assertThat(s.get("Effect").asString()).isEqualTo("Allow");
            out.put(s.get("Sid").asString(), s);
        });
        return out;
    }

    /** "module.x.module.y.type.name" (no index) → the provider configuration it uses. */
    private static Map<String, String> providerKeys(JsonNode plan) {
        Map<String, String> out = new HashMap<>();
        collectProviderKeys(plan.get("configuration").get("root_module"), "", out);
        return out;
    }

    private static void collectProviderKeys(JsonNode module, String prefix, Map<String, String> out) {
        if (module.has("resources")) {
            module.get("resources").forEach(r -> out.put(prefix + r.get("address").asString(), r.get("provider_config_key").asString()));
        }
        if (module.has("module_calls")) {
            for (String call : module.get("module_calls").propertyNames()) {
                collectProviderKeys(module.get("module_calls").get(call).get("module"), prefix + "module." + call + ".", out);
            }
        }
    }

    private static String configAddress(JsonNode rc) {
        String module = rc.has("module_address") ? rc.get("module_address").asString().replaceAll("\\[[^]]*]", "") + "." : "";
        return module + rc.get("type").asString() + "." + rc.get("name").asString();
    }

    // ---- the assertions

    @Test
    void everyExampleAndTfvarsPlansTheResourcesItShould() {
        assertThat(plans.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED_COUNTS.keySet());
        plans.forEach((key, plan) -> {
            assertThat(plan.get("errored").asBoolean()).as(key).isFalse();
            List<JsonNode> rcs = managed(plan);
            assertThat(rcs).as("%s: planned resources", key).hasSize(EXPECTED_COUNTS.get(key));
            rcs.forEach(rc -> assertThat(strings(rc.get("change").get("actions"))).as(key + " " + rc.get("address")).containsExactly("create"));
        });
    }

    @Test
    void namesStayWithinAwsLimitsAndEnvironmentsShareNone() {
        Map<String, Integer> limits = Map.of("aws_lb", 32, "aws_lb_target_group", 32, "aws_iam_role", 64, "aws_ecs_cluster", 255,
                "aws_security_group", 255, "aws_ecs_service", 255, "aws_sns_topic", 256, "aws_cloudwatch_metric_alarm", 255);
        Map<String, Set<String>> namesByPlan = new TreeMap<>();
        plans.forEach((key, plan) -> {
            Set<String> names = new TreeSet<>();
            for (JsonNode rc : managed(plan)) {
                JsonNode a = after(rc);
                String type = rc.get("type").asString();
                if (type.equals("aws_security_group")) {
                    // a prefix, so that create_before_destroy can make the replacement beside the old group
                    assertThat(a.get("name_prefix").asString()).as(key + " " + rc.get("address")).endsWith("-");
                    assertThat(a.get("name") == null || a.get("name").isNull()).as(key + " " + rc.get("address") + ": no fixed name").isTrue();
                    assertThat(names.add(type + " " + a.get("name_prefix").asString())).isTrue();
                    continue;
                }
                String name = a.has("name") && a.get("name").isString() ? a.get("name").asString()
                        : a.has("alarm_name") ? a.get("alarm_name").asString()
                        : a.has("family") ? a.get("family").asString()
                        : a.has("dashboard_name") ? a.get("dashboard_name").asString() : null;
                if (name == null || type.equals("aws_iam_role_policy")) {
                    continue; // inline policies are named within their role
                }
                if (limits.containsKey(type)) {
                    assertThat(name.length()).as("%s: %s name %s", key, type, name).isLessThanOrEqualTo(limits.get(type));
                }
                // one resource per name and type in a deployment (an ECS cluster owned twice breaks destroy)
                assertThat(names.add(type + " " + name)).as("%s: %s %s is created once", key, type, name).isTrue();
            }
            namesByPlan.put(key, names);
        });
        // production and UAT are separate deployments: not one named resource in common, so neither can touch the other's
        for (String example : List.of("two-region/consumer", "four-region")) {
            Set<String> prod = new TreeSet<>(namesByPlan.get(example + " × production.tfvars"));
            prod.retainAll(namesByPlan.get(example + " × uat.tfvars"));
            assertThat(prod).as(example + ": names both environments would create").isEmpty();
        }
    }

    @Test
    void theEndpointServiceAcceptsBothEnvironmentsAndNamesItsOwnRegion() {
        JsonNode provider = plans.get("two-region/provider × provider.tfvars");
        JsonNode service = after(one(provider, "aws_vpc_endpoint_service", rc -> true));
        assertThat(service.get("acceptance_required").asBoolean()).isTrue();
        Set<String> consumers = new TreeSet<>();
        plansOf("two-region/consumer").values().forEach(p -> consumers.add("arn:aws:iam::" + variable(p, "account_id") + ":root"));
        assertThat(consumers).hasSize(2);
        assertThat(strings(service.get("allowed_principals"))).containsExactlyInAnyOrderElementsOf(consumers);
        // the home region too (hashicorp/terraform-provider-aws#40667), and the consumers' region
        assertThat(strings(service.get("supported_regions"))).containsExactlyInAnyOrder("us-east-1", "ap-southeast-2");

        JsonNode fourRegion = plans.get("four-region × production.tfvars");
        for (String r : List.of("use1:us-east-1", "usw2:us-west-2", "apse1:ap-southeast-1")) {
            String[] part = r.split(":");
            JsonNode s = after(one(fourRegion, "aws_vpc_endpoint_service", inModule("module.responder_" + part[0])));
            assertThat(strings(s.get("supported_regions"))).containsExactlyInAnyOrder(part[1], "ap-southeast-2");
            assertThat(strings(s.get("allowed_principals"))).containsExactly("arn:aws:iam::210987654321:root");
        }
        JsonNode sameRegion = after(one(fourRegion, "aws_vpc_endpoint_service", inModule("module.responder_apse2")));
        assertThat(strings(sameRegion.get("supported_regions"))).isEmpty();
    }

    @Test
    void eachEnvironmentMakesItsOwnCrossRegionEndpointsTaggedForDiscovery() {
        plansOf("two-region/consumer").forEach((key, plan) -> {
            List<JsonNode> endpoints = ofType(plan, "aws_vpc_endpoint").stream().filter(inModule("module.consumer")).toList();
            assertThat(endpoints).as(key).extracting(rc -> rc.get("index").asString()).containsExactlyInAnyOrder("privatelink-use1", "feed-use1");
            JsonNode services = plan.get("variables").get("endpoint_services").get("value");
            for (JsonNode rc : endpoints) {
                JsonNode a = after(rc);
                String path = rc.get("index").asString();
                assertThat(a.get("service_region").asString()).as(key).isEqualTo("us-east-1");
                assertThat(a.get("service_name").asString()).isEqualTo(services.get(path).get("service_name").asString());
                assertThat(a.get("vpc_endpoint_type").asString()).isEqualTo("Interface");
                assertThat(a.get("vpc_id").asString()).isEqualTo(variable(plan, "vpc_id"));
                JsonNode tags = a.get("tags");
                assertThat(tags.get("pathwatch:path").asString()).isEqualTo(path);
                assertThat(tags.get("pathwatch:port").asString()).isEqualTo("7100");
                assertThat(tags.get("pathwatch:destination").asString()).isEqualTo("feed");
            }
        });
        JsonNode fourRegion = plans.get("four-region × uat.tfvars");
        Map<String, String> regions = new TreeMap<>();
        ofType(fourRegion, "aws_vpc_endpoint").stream().filter(inModule("module.consumer"))
                .forEach(rc -> {
                    JsonNode region = after(rc).get("service_region");
                    regions.put(rc.get("index").asString(), region == null || region.isNull() ? "same region" : region.asString());
                });
        assertThat(regions).containsExactlyInAnyOrderEntriesOf(Map.of("privatelink-use1", "us-east-1", "privatelink-usw2", "us-west-2",
                "privatelink-apse1", "ap-southeast-1", "privatelink-apse2", "same region"));
    }

    @Test
    void crossRegionPrivateLinkOnlyBetweenRegionsThatOfferIt() {
        int crossRegion = 0;
        for (Map.Entry<String, JsonNode> e : plans.entrySet()) {
            for (JsonNode rc : ofType(e.getValue(), "aws_vpc_endpoint")) {
                JsonNode region = after(rc).get("service_region");
                if (region != null && !region.isNull()) {
                    assertThat(region.asString()).as(e.getKey() + " " + rc.get("address")).isIn(CROSS_REGION_PRIVATELINK);
                    crossRegion++;
                }
            }
            for (JsonNode rc : ofType(e.getValue(), "aws_vpc_endpoint_service")) {
                assertThat(strings(after(rc).get("supported_regions"))).as(e.getKey() + " " + rc.get("address"))
                        .isSubsetOf(CROSS_REGION_PRIVATELINK);
            }
        }
        assertThat(crossRegion).as("cross-region endpoints: 2 per two-region environment, 3 per four-region one").isEqualTo(2 * 2 + 2 * 3);
    }

    @Test
    void onePrivateDnsEndpointPerServiceAndVpcAcrossBothEnvironments() {
        for (String example : List.of("two-region/consumer", "four-region")) {
            Map<String, String> madeBy = new TreeMap<>();
            plansOf(example).forEach((key, plan) -> ofType(plan, "aws_vpc_endpoint").stream()
                    .filter(rc -> after(rc).get("private_dns_enabled") != null && after(rc).get("private_dns_enabled").asBoolean())
                    .forEach(rc -> {
                        String vpcAndService = after(rc).get("vpc_id").asString() + " " + after(rc).get("service_name").asString();
                        // a second one with private DNS in the same VPC fails that environment's apply
                        assertThat(madeBy.put(vpcAndService, key)).as("%s: %s made again by %s", example, vpcAndService, key).isNull();
                    }));
            assertThat(madeBy).as(example).isNotEmpty();
        }
        // the two four-region environments as shipped: each has its own provider VPCs and makes its own API endpoints
        // there, so neither needs anything of the other's (the issue: nothing in one can break or destroy the other)
        JsonNode uat = plans.get("four-region × uat.tfvars");
        JsonNode production = plans.get("four-region × production.tfvars");
        Set<String> uatVpcs = new TreeSet<>();
        Set<String> productionVpcs = new TreeSet<>();
        ofType(uat, "aws_vpc_endpoint").forEach(rc -> uatVpcs.add(after(rc).get("vpc_id").asString()));
        ofType(production, "aws_vpc_endpoint").forEach(rc -> productionVpcs.add(after(rc).get("vpc_id").asString()));
        assertThat(uatVpcs).hasSize(5).doesNotContainAnyElementsOf(productionVpcs);
        assertThat(productionVpcs).hasSize(5);
        Map<String, String> modules = Map.of("use1", "us-east-1", "usw2", "us-west-2", "apse1", "ap-southeast-1", "apse2", "ap-southeast-2");
        for (JsonNode plan : List.of(production, uat)) {
            JsonNode networks = plan.get("variables").get("provider_networks").get("value");
            modules.forEach((suffix, region) -> {
                JsonNode sg = after(one(plan, "aws_security_group", inModule("module.vpc_endpoints_" + suffix + "[0]")));
                assertThat(sg.get("ingress")).singleElement().satisfies(i -> assertThat(strings(i.get("cidr_blocks")))
                        .containsExactlyElementsOf(strings(networks.get(region).get("subnet_cidr_blocks"))));
            });
        }
    }

    @Test
    void theInternetPathOnlyWhereTheSubnetsReachTheInternet() {
        assertThat(internetWithoutEgress).contains("Invalid value for variable", "var.internet_egress is false");
        assertThat(internetWithoutEgress.replaceAll("\\s+", " ")).contains("set internet_egress = true", "a NAT gateway");
        plans.forEach((key, plan) -> {
            JsonNode target = plan.get("variables").get("internet_target");
            if (target != null && !target.get("value").asString().isEmpty()) {
                assertThat(plan.get("variables").get("internet_egress").get("value").asBoolean()).as(key).isTrue();
            }
        });
    }

    @Test
    void eachBackendReadsItsStateWithTheProfileOfTheAccountItBelongsTo() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        plans.forEach((key, plan) -> {
            String[] part = key.split(" × ");
            String backend = part[1].replace(".tfvars", ".s3.tfbackend");
            // the four-region states are kept in the provider account's bucket
            String profile = plan.get("variables").has("aws_profile") ? variable(plan, "aws_profile") : variable(plan, "provider_profile");
            expected.put(part[0] + "/" + backend, profile);
        });
        assertThat(expected).hasSize(5);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String text = Files.readString(ROOT.resolve("examples").resolve(e.getKey()));
            Matcher m = PROFILE.matcher(text);
            assertThat(m.find()).as(e.getKey() + " names a profile").isTrue();
            assertThat(m.group(1)).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void everyResourceIsCreatedInTheAccountAndRegionThatOwnsIt() {
        JsonNode plan = plans.get("four-region × production.tfvars");
        JsonNode configs = plan.get("configuration").get("provider_config");
        Map<String, String> keys = providerKeys(plan);
        Map<String, String> profileOf = new HashMap<>();
        for (String k : List.of("aws.provider_use1", "aws.provider_usw2", "aws.provider_apse1", "aws.provider_apse2", "aws.consumer_apse2")) {
            String ref = configs.get(k).get("expressions").get("profile").get("references").get(0).asString();
            profileOf.put(k, variable(plan, ref.substring("var.".length())));
        }
        assertThat(profileOf.get("aws.provider_use1")).isEqualTo("pathwatch-provider").isNotEqualTo(profileOf.get("aws.consumer_apse2"));
        assertThat(profileOf.get("aws.consumer_apse2")).isEqualTo("pathwatch-consumer-prod");
        Map<String, String> regionOf = Map.of("use1", "us-east-1", "usw2", "us-west-2", "apse1", "ap-southeast-1", "apse2", "ap-southeast-2");
        for (JsonNode rc : managed(plan)) {
            String address = configAddress(rc);
            String key = keys.get(address);
            assertThat(key).as(address).isNotNull();
            String module = address.startsWith("module.") ? address.split("\\.")[1] : "";
            String expected;
            if (module.startsWith("responder_") || module.startsWith("vpc_endpoints_")) {
                expected = "aws.provider_" + module.substring(module.indexOf('_') + 1).replace("endpoints_", "");
            } else {
                expected = "aws.consumer_apse2"; // the prober, its endpoints, topic, alarms, dashboard
            }
            assertThat(key).as(address).isEqualTo(expected);
            String region = configs.get(key).get("expressions").get("region").get("constant_value").asString();
            if (key.startsWith("aws.provider_")) {
                assertThat(region).isEqualTo(regionOf.get(key.substring("aws.provider_".length())));
            } else {
                assertThat(region).isEqualTo("ap-southeast-2");
            }
        }
        // the two-region roots: one account each, its profile from its own tfvars
        assertThat(variable(plans.get("two-region/provider × provider.tfvars"), "aws_profile")).isEqualTo("pathwatch-provider");
        assertThat(variable(plans.get("two-region/consumer × uat.tfvars"), "aws_profile")).isEqualTo("pathwatch-consumer-uat");
    }

    @Test
    void theTargetGroupsSendProxyProtocolV2AndTheRespondersParseItFromTheNlbOnly() {
        JsonNode provider = plans.get("two-region/provider × provider.tfvars");
        List<JsonNode> groups = ofType(provider, "aws_lb_target_group");
        assertThat(groups).hasSize(2);
        groups.forEach(g -> {
            assertThat(after(g).get("proxy_protocol_v2").asBoolean()).isTrue();
            assertThat(after(g).get("target_type").asString()).isEqualTo("ip");
            assertThat(after(g).get("port").asInt()).isEqualTo(7100);
            // the NLB sends its PROXY header on health checks too: Tomcat on 8080 would answer 400, the responder port takes it
            JsonNode check = after(g).get("health_check").get(0);
            assertThat(check.get("protocol").asString()).isEqualTo("TCP");
            assertThat(check.get("port").asString()).isEqualTo("traffic-port");
            assertThat(check.get("path") == null || check.get("path").isNull() || check.get("path").asString().isEmpty()).isTrue();
        });
        // so 8080 is not open to the NLB: the responder port only
        JsonNode sg = after(one(provider, "aws_security_group", inModule("module.responder")));
        assertThat(sg.get("ingress")).singleElement().satisfies(i -> {
            assertThat(i.get("from_port").asInt()).isEqualTo(7100);
            assertThat(strings(i.get("cidr_blocks"))).containsExactlyElementsOf(strings(provider.get("variables").get("subnet_cidr_blocks").get("value")));
        });
        JsonNode nlb = after(one(provider, "aws_lb", rc -> true));
        assertThat(nlb.get("internal").asBoolean()).isTrue();
        assertThat(nlb.get("load_balancer_type").asString()).isEqualTo("network");
        Map<String, String> env = environment(container(one(provider, "aws_ecs_task_definition", rc -> true)));
        assertThat(env).containsEntry("PATHWATCH_RESPONDER_PROXYPROTOCOL", "v2")
                .containsEntry("PATHWATCH_RESPONDER_PROXYTRUSTEDFROM", String.join(",", strings(provider.get("variables")
                        .get("subnet_cidr_blocks").get("value"))));
        // the feed's own NLB: a listener on 7100 and IP targets beside the feed's source, across the TGW
        JsonNode feedNlb = provider.get("variables").get("feed_nlb").get("value");
        JsonNode listener = after(one(provider, "aws_lb_listener", inModule("module.feed_path[0]")));
        assertThat(listener.get("load_balancer_arn").asString()).isEqualTo(feedNlb.get("arn").asString());
        assertThat(listener.get("port").asInt()).isEqualTo(7100);
        List<JsonNode> attachments = ofType(provider, "aws_lb_target_group_attachment");
        assertThat(attachments).extracting(rc -> after(rc).get("target_id").asString())
                .containsExactlyInAnyOrderElementsOf(strings(feedNlb.get("target_ips")));
        attachments.forEach(rc -> assertThat(after(rc).get("availability_zone").asString()).isEqualTo("all"));
        assertThat(after(one(provider, "aws_lb_target_group", inModule("module.feed_path[0]"))).get("vpc_id").asString())
                .isEqualTo(feedNlb.get("vpc_id").asString());
        assertThat(ofType(provider, "aws_ecs_service")).as("the feed's layout runs no task of its own").hasSize(1);
    }

    @Test
    void oneProberPerEnvironmentNeverTwoAndRespondersOverlap() {
        plans.forEach((key, plan) -> {
            for (JsonNode rc : ofType(plan, "aws_ecs_service")) {
                JsonNode a = after(rc);
                assertThat(a.get("launch_type").asString()).isEqualTo("FARGATE");
                assertThat(a.get("network_configuration").get(0).get("assign_public_ip").asBoolean()).isFalse();
                if (rc.get("name").asString().equals("prober")) {
                    assertThat(a.get("desired_count").asInt()).as(key).isEqualTo(1);
                    assertThat(a.get("deployment_minimum_healthy_percent").asInt()).as(key).isZero();
                    assertThat(a.get("deployment_maximum_percent").asInt()).as(key).isEqualTo(100);
                    assertThat(a.get("enable_execute_command").asBoolean()).as(key + ": ECS Exec").isTrue();
                } else {
                    assertThat(a.get("desired_count").asInt()).as(key).isEqualTo(2);
                    assertThat(a.get("deployment_minimum_healthy_percent").asInt()).as(key).isEqualTo(50);
                    assertThat(a.get("deployment_maximum_percent").asInt()).as(key).isEqualTo(200);
                    assertThat(a.get("health_check_grace_period_seconds").asInt()).as(key + ": time to start before the NLB's checks count")
                            .isEqualTo(90);
                }
            }
        });
    }

    @Test
    void taskDefinitionsKeepTheJvmInsideTheTaskAndTakeTheirSecretsFromSecretsManager() {
        plans.forEach((key, plan) -> {
            for (JsonNode td : ofType(plan, "aws_ecs_task_definition")) {
                JsonNode a = after(td);
                int memory = Integer.parseInt(a.get("memory").asString());
                JsonNode c = container(td);
                Map<String, String> env = environment(c);
                // the image's own flags, so that a task definition does not quietly run another memory budget
                assertThat(env.get("JAVA_TOOL_OPTIONS")).as(key).isEqualTo(imageJvmFlags());
                // heap + direct (64m) + metaspace (128m) leave room for threads, code cache and the kernel's own
                assertThat(memory * 0.5 + 64 + 128).as(key).isLessThanOrEqualTo(memory * 0.8);
                Map<String, String> secrets = secrets(c);
                assertThat(secrets).containsKey("PATHWATCH_AUTH_SECRET");
                assertThat(secrets.values()).allMatch(v -> v.startsWith("arn:aws:secretsmanager:"));
                assertThat(env.keySet()).noneMatch(k -> k.contains("SECRET") || k.contains("TOKEN"));
                assertThat(c.get("image").asString()).matches("[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/pathwatch:.+");
                assertThat(c.get("logConfiguration").get("logDriver").asString()).isEqualTo("awslogs");
            }
        });
        JsonNode production = plans.get("two-region/consumer × production.tfvars");
        JsonNode prober = one(production, "aws_ecs_task_definition", rc -> true);
        JsonNode c = container(prober);
        assertThat(secrets(c)).containsOnlyKeys("PATHWATCH_AUTH_SECRET", "PATHWATCH_AUTH_PREVIOUSSECRET", "PATHWATCH_API_TOKEN")
                .containsEntry("PATHWATCH_AUTH_SECRET", variable(production, "auth_secret_arn"))
                .containsEntry("PATHWATCH_AUTH_PREVIOUSSECRET", variable(production, "previous_auth_secret_arn"))
                .containsEntry("PATHWATCH_API_TOKEN", variable(production, "api_token_secret_arn"));
        Map<String, String> env = environment(c);
        assertThat(env).containsEntry("PATHWATCH_AGENT_NAME", "pathwatch-prod-apse2")
                .containsEntry("PATHWATCH_DISCOVERY_AWS_VPCENDPOINTS_ENABLED", "true")
                .containsEntry("PATHWATCH_DISCOVERY_AWS_VPCIDS", variable(production, "vpc_id"))
                .containsEntry("PATHWATCH_STATEDIR", "/app/pathwatch-state")
                .containsEntry("PATHWATCH_CLOUDWATCH_REGION", "ap-southeast-2");
        // discovery adopts the endpoints; the configuration lists only the internet path, with TLS
        JsonNode paths = json.readTree(env.get("SPRING_APPLICATION_JSON")).get("pathwatch").get("paths");
        assertThat(paths).hasSize(1);
        assertThat(paths.get(0).get("target").asString()).isEqualTo(variable(production, "internet_target"));
        assertThat(paths.get(0).get("tls").get("enabled").asBoolean()).isTrue();
        // the state on EFS, through an access point, encrypted in transit
        assertThat(c.get("mountPoints").get(0).get("containerPath").asString()).isEqualTo("/app/pathwatch-state");
        JsonNode efs = after(prober).get("volume").get(0).get("efs_volume_configuration").get(0);
        assertThat(efs.get("transit_encryption").asString()).isEqualTo("ENABLED");
        assertThat(efs.get("authorization_config").get(0).get("iam").asString()).isEqualTo("ENABLED");
        assertThat(after(one(production, "aws_efs_file_system", rc -> true)).get("encrypted").asBoolean()).isTrue();
    }

    @Test
    void iamAllowsOnlyWhatEachTaskUsesAndStarOnlyWhereAwsOffersNothingNarrower() {
        Set<String> starWithoutCondition = Set.of("ecr:GetAuthorizationToken");
        plans.forEach((key, plan) -> {
            for (JsonNode rp : ofType(plan, "aws_iam_role_policy")) {
                if (rp.get("name").asString().equals("state")) {
                    continue; // the file system's ARN is known after apply; checked below by its configuration
                }
                statements(rp).forEach((sid, s) -> {
                    if (strings(s.get("Resource")).contains("*")) {
                        assertThat(strings(s.get("Resource"))).hasSize(1);
                        if (!s.has("Condition")) {
                            assertThat(strings(s.get("Action"))).as("%s %s: * without a condition", key, sid)
                                    .allMatch(starWithoutCondition::contains);
                        }
                    }
                });
            }
            // the execution role of each task: its repository, its log group, its secrets; kms only with a customer key
            for (JsonNode td : ofType(plan, "aws_ecs_task_definition")) {
                JsonNode c = container(td);
                String module = td.get("module_address").asString();
                JsonNode rp = one(plan, "aws_iam_role_policy",
                        rc -> rc.get("module_address").asString().startsWith(module + ".module.execution_role"));
                Map<String, JsonNode> st = statements(rp);
                assertThat(st.keySet()).as(key).isSubsetOf("EcrLogin", "PullTheImage", "WriteItsLogGroup", "ReadItsSecrets", "DecryptItsSecrets");
                String image = c.get("image").asString();
                Matcher m = Pattern.compile("([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:]+):.*").matcher(image);
                assertThat(m.matches()).isTrue();
                assertThat(strings(st.get("PullTheImage").get("Resource")))
                        .containsExactly("arn:aws:ecr:" + m.group(2) + ":" + m.group(1) + ":repository/" + m.group(3));
                assertThat(strings(st.get("PullTheImage").get("Action")))
                        .containsExactlyInAnyOrder("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage");
                String logGroup = c.get("logConfiguration").get("options").get("awslogs-group").asString();
                assertThat(strings(st.get("WriteItsLogGroup").get("Resource"))).singleElement().asString()
                        .matches("arn:aws:logs:" + m.group(2) + ":[0-9]{12}:log-group:" + Pattern.quote(logGroup) + ":log-stream:\\*");
                assertThat(strings(st.get("ReadItsSecrets").get("Resource"))).containsExactlyInAnyOrderElementsOf(secrets(c).values());
                JsonNode kms = plan.get("variables").get("kms_key_arn");
                boolean customerKey = kms != null && !kms.get("value").asString().isEmpty();
                assertThat(st.containsKey("DecryptItsSecrets")).as(key + ": kms:Decrypt only with a customer key").isEqualTo(customerKey);
                if (customerKey) {
                    JsonNode d = st.get("DecryptItsSecrets");
                    assertThat(strings(d.get("Resource"))).containsExactly(kms.get("value").asString());
                    assertThat(d.get("Condition").get("StringEquals").get("kms:ViaService").asString())
                            .isEqualTo("secretsmanager." + m.group(2) + ".amazonaws.com");
                }
            }
            // the prober's task role: its namespace, its topic, discovery and ECS Exec held to its region
            for (JsonNode rp : ofType(plan, "aws_iam_role_policy").stream().filter(inModule("module.consumer"))
                    .filter(rc -> rc.get("name").asString().equals("task")).toList()) {
                Map<String, JsonNode> st = statements(rp);
                assertThat(st).containsOnlyKeys("PutMetricDataInItsNamespace", "PublishAlerts", "DiscoverVpcEndpoints", "EcsExec");
                assertThat(st.get("PutMetricDataInItsNamespace").get("Condition").get("StringEquals").get("cloudwatch:namespace").asString())
                        .isEqualTo("Pathwatch");
                String topic = strings(st.get("PublishAlerts").get("Resource")).get(0);
                assertThat(topic).endsWith(":pathwatch-" + variable(plan, "environment") + "-apse2-alerts");
                JsonNode planned = after(one(plan, "aws_sns_topic", rc -> true));
                assertThat(topic).endsWith(":" + planned.get("name").asString());
                assertThat(strings(st.get("DiscoverVpcEndpoints").get("Action"))).containsExactly("ec2:DescribeVpcEndpoints");
                assertThat(st.get("DiscoverVpcEndpoints").get("Condition").get("StringEquals").get("aws:RequestedRegion").asString())
                        .isEqualTo("ap-southeast-2");
                assertThat(strings(st.get("EcsExec").get("Action"))).allMatch(a -> a.startsWith("ssmmessages:"));
            }
        });
        // the responder calls no AWS API: no task role
        JsonNode taskRole = after(one(plans.get("two-region/provider × provider.tfvars"), "aws_ecs_task_definition", rc -> true)).get("task_role_arn");
        assertThat(taskRole == null || taskRole.isNull()).as("the responder has no task role").isTrue();
    }

    @Test
    void tasksReachAwsThroughVpcEndpoints() {
        JsonNode consumer = plans.get("two-region/consumer × uat.tfvars");
        Set<String> services = new TreeSet<>();
        ofType(consumer, "aws_vpc_endpoint").stream().filter(inModule("module.vpc_endpoints[0]"))
                .forEach(rc -> services.add(after(rc).get("service_name").asString().replace("com.amazonaws.ap-southeast-2.", "")
                        + "/" + after(rc).get("vpc_endpoint_type").asString()));
        assertThat(services).containsExactlyInAnyOrder("ecr.api/Interface", "ecr.dkr/Interface", "logs/Interface", "secretsmanager/Interface",
                "monitoring/Interface", "sns/Interface", "ec2/Interface", "ssmmessages/Interface", "s3/Gateway");
        ofType(consumer, "aws_vpc_endpoint").stream().filter(inModule("module.vpc_endpoints[0]"))
                .filter(rc -> after(rc).get("vpc_endpoint_type").asString().equals("Interface"))
                .forEach(rc -> assertThat(after(rc).get("private_dns_enabled").asBoolean()).isTrue());
        JsonNode provider = plans.get("two-region/provider × provider.tfvars");
        assertThat(ofType(provider, "aws_vpc_endpoint")).extracting(rc -> after(rc).get("service_name").asString())
                .containsExactlyInAnyOrder("com.amazonaws.us-east-1.ecr.api", "com.amazonaws.us-east-1.ecr.dkr", "com.amazonaws.us-east-1.logs",
                        "com.amazonaws.us-east-1.secretsmanager", "com.amazonaws.us-east-1.s3");
        // operators: the status page from the listed networks only (uat), none at all otherwise (production: ECS Exec)
        JsonNode uatSg = after(one(consumer, "aws_security_group", rc -> rc.get("name").asString().equals("prober")));
        assertThat(uatSg.get("ingress")).singleElement().satisfies(i -> {
            assertThat(i.get("from_port").asInt()).isEqualTo(8080);
            assertThat(strings(i.get("cidr_blocks"))).containsExactlyElementsOf(strings(consumer.get("variables").get("operator_cidr_blocks").get("value")));
        });
        JsonNode prodSg = after(one(plans.get("two-region/consumer × production.tfvars"), "aws_security_group",
                rc -> rc.get("name").asString().equals("prober")));
        assertThat(prodSg.get("ingress") == null || prodSg.get("ingress").isEmpty()).as("no ingress to the production prober").isTrue();
    }

    /** A task definition's environment and secrets (each secret's value: its ARN) as pathwatch sees them in the container. */
    private static StandardEnvironment containerEnvironment(JsonNode container) {
        Map<String, Object> vars = new TreeMap<>(environment(container));
        secrets(container).forEach(vars::put);
        StandardEnvironment env = new StandardEnvironment();
        MutablePropertySources sources = env.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, vars));
        new SpringApplicationJsonEnvironmentPostProcessor().postProcessEnvironment(env, null);
        return env;
    }

    @Test
    void theTaskEnvironmentsBindToTheSettingsTheyMean() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        int bound = 0;
        for (Map.Entry<String, JsonNode> e : plans.entrySet()) {
            for (JsonNode td : ofType(e.getValue(), "aws_ecs_task_definition")) {
                JsonNode c = container(td);
                Map<String, String> secrets = secrets(c);
                Binder binder = new Binder(ConfigurationPropertySources.get(containerEnvironment(c)));
                PathwatchProperties props = binder.bindOrCreate("pathwatch", PathwatchProperties.class);
                CloudWatchProperties cloudWatch = binder.bindOrCreate("pathwatch.cloudwatch", CloudWatchProperties.class);
                String what = e.getKey() + " " + td.get("address").asString();
                assertThat(validator.validate(props)).as(what).isEmpty();
                assertThat(validator.validate(cloudWatch)).as(what).isEmpty();
                assertThat(props.agent().name()).as(what).isEqualTo(environment(c).get("PATHWATCH_AGENT_NAME")).isNotBlank();
                assertThat(props.auth().secret()).as(what).isEqualTo(secrets.get("PATHWATCH_AUTH_SECRET"));
                assertThat(props.auth().previousSecret()).as(what).isEqualTo(secrets.getOrDefault("PATHWATCH_AUTH_PREVIOUSSECRET", ""));
                assertThat(props.api().token()).as(what).isEqualTo(secrets.getOrDefault("PATHWATCH_API_TOKEN", ""));
                assertThat(props.demo().enabled()).as(what).isFalse();
                if (td.get("name").asString().equals("responder")) {
                    assertThat(props.responder().enabled()).isTrue();
                    assertThat(props.responder().port()).isEqualTo(7100);
                    assertThat(props.responder().proxyProtocol()).as(what).isEqualTo(ResponderProperties.ProxyProtocol.V2);
                    assertThat(props.responder().proxyTrustedFrom()).as(what).isNotEmpty().allMatch(b -> b.matches("10\\.[0-9.]+/24"));
                    assertThat(cloudWatch.enabled()).isFalse();
                } else {
                    assertThat(props.responder().enabled()).as(what).isFalse();
                    assertThat(props.stateDir()).hasToString("/app/pathwatch-state");
                    assertThat(props.discovery().aws().vpcEndpoints().enabled()).as(what).isTrue();
                    assertThat(props.discovery().aws().vpcIds()).as(what).singleElement().asString().startsWith("vpc-");
                    assertThat(props.discovery().aws().region()).isEqualTo("ap-southeast-2");
                    assertThat(props.alerts().sns().topicArn()).as(what).matches("arn:aws:sns:ap-southeast-2:[0-9]{12}:pathwatch-.*-alerts");
                    assertThat(cloudWatch.enabled()).as(what).isTrue();
                    assertThat(cloudWatch.namespace()).isEqualTo("Pathwatch");
                    assertThat(cloudWatch.region()).isEqualTo("ap-southeast-2");
                    JsonNode target = e.getValue().get("variables").get("internet_target");
                    if (target.get("value").asString().isEmpty()) {
                        assertThat(props.paths()).as(what).isEmpty();
                    } else {
                        assertThat(props.paths()).as(what).singleElement().satisfies(path -> {
                            assertThat(path.name()).isEqualTo("internet");
                            assertThat(path.tls().enabled()).isTrue();
                            assertThat(path.tags()).containsEntry("destination", "feed").containsEntry("via", "internet");
                        });
                    }
                }
                bound++;
            }
        }
        assertThat(bound).isEqualTo(1 + 2 + 2 * 5);
    }

    /** The metrics pathwatch sends to CloudWatch, from docs/metrics.md's table (the CloudWatch column is not "—"). */
    private static Set<String> publishedToCloudWatch() throws IOException {
        Set<String> out = new TreeSet<>();
        Pattern row = Pattern.compile("^\\| `(pathwatch\\.[a-z_.]+)`(?:, `(pathwatch\\.[a-z_.]+)`)? \\|.*\\| ([^|]*) \\|\\s*$");
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("docs/metrics.md"))) {
            if (line.startsWith("| name | what |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            }
            Matcher m = row.matcher(line);
            if (!inTable) {
                continue;
            }
            if (m.matches() && !m.group(3).trim().startsWith("—")) {
                out.add(m.group(1));
                if (m.group(2) != null) {
                    out.add(m.group(2));
                }
            }
        }
        return out;
    }

    @Test
    void alarmsAndDashboardWatchPublishedMetricsOfThisAgentsPaths() throws IOException {
        Set<String> published = publishedToCloudWatch();
        assertThat(published).contains("pathwatch.rtt", "pathwatch.health.state", "pathwatch.heartbeat").doesNotContain("pathwatch.rtt.p50");
        for (String key : List.of("two-region/consumer × production.tfvars", "four-region × uat.tfvars")) {
            JsonNode plan = plans.get(key);
            String agent = environment(container(one(plan, "aws_ecs_task_definition", inModule("module.consumer")))).get("PATHWATCH_AGENT_NAME");
            Set<String> paths = new TreeSet<>();
            ofType(plan, "aws_vpc_endpoint").stream().filter(inModule("module.consumer")).forEach(rc -> paths.add(rc.get("index").asString()));
            paths.add("internet");
            List<JsonNode> alarms = ofType(plan, "aws_cloudwatch_metric_alarm");
            assertThat(alarms).as(key).hasSize(4 * paths.size() + 1);
            for (JsonNode rc : alarms) {
                JsonNode a = after(rc);
                assertThat(a.get("namespace").asString()).isEqualTo("Pathwatch");
                assertThat(published).as(key).contains(a.get("metric_name").asString());
                JsonNode dims = a.get("dimensions");
                assertThat(dims.get("agent").asString()).isEqualTo(agent);
                if (a.get("metric_name").asString().equals("pathwatch.heartbeat")) {
                    assertThat(dims.propertyNames()).containsExactly("agent");
                } else {
                    assertThat(dims.propertyNames()).containsExactlyInAnyOrder("agent", "path");
                    assertThat(paths).contains(dims.get("path").asString());
                }
                assertThat(strings(a.get("alarm_actions"))).singleElement().asString().endsWith(":" + agent + "-alerts");
            }
            JsonNode dashboard = after(one(plan, "aws_cloudwatch_dashboard", rc -> true));
            assertThat(dashboard.get("dashboard_name").asString()).isEqualTo(agent);
            Set<String> widgetMetrics = new TreeSet<>();
            json.readTree(dashboard.get("dashboard_body").asString()).get("widgets").forEach(w -> w.get("properties").get("metrics").forEach(m -> {
                assertThat(m.get(0).asString()).isEqualTo("Pathwatch");
                widgetMetrics.add(m.get(1).asString());
                assertThat(m.get(3).asString()).isEqualTo(agent);
                assertThat(paths).contains(m.get(5).asString());
            }));
            assertThat(published).containsAll(widgetMetrics);
        }
    }

    @Test
    void theOutputsSayWhereEverythingIs() {
        assertThat(plans.get("two-region/consumer × uat.tfvars").get("output_changes").propertyNames())
                .contains("endpoint_ids", "endpoint_dns_names", "security_group_ids", "task_role_arn", "log_group_name", "cluster_name",
                        "service_name", "dashboard_name", "alerts_topic_arn");
        assertThat(plans.get("two-region/provider × provider.tfvars").get("output_changes").propertyNames())
                .contains("endpoint_service_id", "endpoint_service_name", "target_group_arns", "security_group_id", "log_group_name",
                        "cluster_name", "service_name");
        assertThat(plans.get("four-region × production.tfvars").get("output_changes").propertyNames())
                .contains("endpoint_services", "endpoint_dns_names", "prober", "dashboard_name", "alerts_topic_arn");
    }

    /** The Dockerfile's {@code ENV JAVA_TOOL_OPTIONS}. */
    private static String imageJvmFlags() {
        try {
            Matcher m = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\"$").matcher(Files.readString(Path.of("Dockerfile")));
            assertThat(m.find()).as("the Dockerfile sets JAVA_TOOL_OPTIONS").isTrue();
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
