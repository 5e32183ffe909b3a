package io.pathwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pathwatch.testing.Http;
import io.pathwatch.testing.LabAndRefusedPaths;
import io.pathwatch.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/grafana/pathwatch.json as Grafana and Prometheus would take it: every PromQL expression
 * parses with the grammar Prometheus' own UI uses (npm's {@code @prometheus-io/lezer-promql}), and
 * every metric an expression names is on {@code /actuator/prometheus} of a running agent, with a
 * value, once a hang, its settled cause and an error have happened.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pathwatch.responder.enabled=false",
        "pathwatch.auth.secret=grafana",
        "pathwatch.agent.name=grafana-agent",
        "pathwatch.probe.interval=200ms",
        "pathwatch.probe.window=1s",
        "pathwatch.health.baseline.min-windows=3"})
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("deploy/grafana/pathwatch.json");
    private static final Path LEZER = Path.of(".ci/node/node_modules/@prometheus-io/lezer-promql");
    /** Sample values for Grafana's template variables, as Grafana substitutes them before a query goes out. */
    private static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$__range", "1h", "$agent", "grafana-agent", "$path", "steady");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_]+");
    private static final Pattern METRIC = Pattern.compile("\\bpathwatch_[a-z0-9_]+");
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+), *[a-z_]+\\)$");

    private static LabAndRefusedPaths rig;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        rig = LabAndRefusedPaths.register(registry, "grafana", "steady", 5);
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    /** Every PromQL expression of the dashboard (panel targets and the variables' label_values selectors), variables substituted. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> raw = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                raw.add(target.get("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.get("type").asString().equals("query")) {
                // label_values(selector, label) is Grafana's, not PromQL; its selector is PromQL
                Matcher m = LABEL_VALUES.matcher(variable.get("definition").asString());
                assertThat(m.matches()).as("variable %s is a label_values query", variable.get("name")).isTrue();
                raw.add(m.group(1));
            }
        }
        return raw.stream().map(GrafanaDashboardTest::substitute).toList();
    }

    static String substitute(String expr) {
        String out = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        assertThat(VARIABLE.matcher(out).find()).as("no unknown template variable left in %s", out).isFalse();
        return out;
    }

    static JsonNode dashboard() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    }

    /** The parser's verdict per expression: {"errors": [...], "metrics": [...]}. */
    static List<JsonNode> parse(List<String> expressions) throws IOException, InterruptedException {
        assumeTrue(Tools.onPath("node"), "node is not installed (Debian package nodejs): the dashboard's PromQL is not parsed");
        assumeTrue(Files.isDirectory(LEZER), "@prometheus-io/lezer-promql is not installed (.ci/run: npm install --prefix .ci/node): "
                + "the dashboard's PromQL is not parsed");
        ProcessBuilder pb = new ProcessBuilder("node", "src/test/resources/tools/promql-check.js");
        pb.environment().put("NODE_PATH", Path.of(".ci/node/node_modules").toAbsolutePath().toString());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(JsonMapper.builder().build().writeValueAsBytes(expressions));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(err).as("the parser ran").isEmpty();
        List<JsonNode> results = new ArrayList<>();
        JsonMapper.builder().build().readTree(out).forEach(results::add);
        assertThat(results).hasSameSizeAs(expressions);
        return results;
    }

    @Test
    void everyExpressionParsesWithPrometheusGrammar() throws Exception {
        List<String> expressions = expressions(dashboard());
        List<JsonNode> results = parse(expressions);
        Map<String, String> failures = new TreeMap<>();
        for (int i = 0; i < expressions.size(); i++) {
            if (!results.get(i).get("errors").isEmpty()) {
                failures.put(expressions.get(i), results.get(i).get("errors").toString());
            }
            // the parser's metric names are exactly the pathwatch_* tokens the scrape check below looks for
            Set<String> parsed = new TreeSet<>();
            results.get(i).get("metrics").forEach(n -> parsed.add(n.asString()));
            assertThat(parsed).as(expressions.get(i)).isEqualTo(metrics(expressions.get(i)));
        }
        System.out.printf("%d PromQL expressions parsed by @prometheus-io/lezer-promql, %d with errors%n", expressions.size(), failures.size());
        assertThat(failures).isEmpty();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void theParserRejectsBrokenExpressions() throws Exception {
        List<String> broken = List.of(
                "histogram_quantile(0.99, sum by (le, path) (rate(pathwatch_rtt_seconds_bucket{path=~\"steady\"}[1m]))",
                "sum by (le path) (rate(pathwatch_rtt_seconds_bucket[1m]))",
                "rate(pathwatch_hangs_total{path=~\"steady\"})",
                "pathwatch_loss_ratio{path=~\"steady\",}} > 0",
                "increase(pathwatch_errors_total[$__rate_interval])".replace("$__rate_interval", "1 m"));
        List<JsonNode> results = parse(broken);
        for (int i = 0; i < broken.size(); i++) {
            System.out.println("rejected: " + broken.get(i) + " → " + results.get(i).get("errors"));
            assertThat(results.get(i).get("errors").isEmpty()).as(broken.get(i)).isFalse();
        }
    }

    @Test
    void everyPanelAsksTheDatasourceVariableAndTheIssuesFiguresAreAllThere() throws IOException {
        JsonNode dashboard = dashboard();
        Set<String> variables = new TreeSet<>();
        dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asString()));
        assertThat(variables).containsExactlyInAnyOrder("datasource", "agent", "path");
        Set<Integer> ids = new TreeSet<>();
        StringBuilder all = new StringBuilder();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel id %s is unique", panel.get("id")).isTrue();
            Set<String> refs = new TreeSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.get("datasource").get("uid").asString()).as(panel.get("title").asString()).isEqualTo("${datasource}");
                assertThat(refs.add(target.get("refId").asString())).isTrue();
                String expr = target.get("expr").asString();
                if (!expr.startsWith("max by (agent) (pathwatch_heartbeat") && !expr.contains("pathwatch_agent_loop_lag")
                        && !expr.contains("pathwatch_cloudwatch_")) {
                    assertThat(expr).as("a per-path figure follows both variables").contains("agent=~\"$agent\",path=~\"$path\"");
                }
                all.append(expr).append('\n');
            }
        }
        assertThat(all.toString()).contains("pathwatch_health_state", "pathwatch_rtt_p50_seconds", "pathwatch_rtt_p99_seconds", "figure=\"rtt.p50\"",
                "figure=\"rtt.p99\"", "pathwatch_jitter_seconds", "pathwatch_loss_ratio", "pathwatch_hangs_total",
                "pathwatch_hangs_attributed_total", "pathwatch_hang_duration_seconds_total", "pathwatch_stream_disconnects_total",
                "pathwatch_schedule_lag_seconds", "pathwatch_agent_loop_lag_seconds_bucket", "pathwatch_cloudwatch_cost_usd_per_month");
    }

    @Test
    void histogramsAreReadOnlyThroughHistogramQuantileByLe() throws IOException {
        for (String e : expressions(dashboard())) {
            if (e.contains("_bucket")) {
                assertThat(e).as("a _bucket series summed by le into histogram_quantile").startsWith("histogram_quantile(").contains("by (le");
            }
        }
    }

    @Test
    void everyMetricTheDashboardUsesIsOnTheScrapeOnceAHangAndAnErrorHappened() throws IOException {
        Set<String> used = new TreeSet<>();
        expressions(dashboard()).forEach(e -> used.addAll(metrics(e)));
        Http http = new Http(port);
        // the baseline learns the path's normal before the stall, so the baseline series has a value
        await().atMost(Duration.ofSeconds(30)).until(() -> !Double.isNaN(sample(http, "pathwatch_baseline_seconds", "figure=\"rtt.p50\"", "path=\"steady\"")));
        // the new gauges show what the API shows: the learned baseline, and the cost worked by hand in docs/metrics.md
        // (2 paths × 10 metrics + the heartbeat at $0.30, 43,200 requests at $0.01 per 1,000: $6.73)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            double api = (Double) Http.map(Http.map(http.object("/api/paths/steady").get("baseline")).get("rtt.p50")).get("value");
            assertThat(sample(http, "pathwatch_baseline_seconds", "figure=\"rtt.p50\"", "path=\"steady\"") * 1000).isCloseTo(api, org.assertj.core.data.Offset.offset(0.001));
        });
        assertThat(http.prometheus("pathwatch_cloudwatch_cost_usd_per_month", "agent", "grafana-agent")).isEqualTo(6.73);
        assertThat(http.prometheus("pathwatch_cloudwatch_metrics", "agent", "grafana-agent")).isEqualTo(21.0);
        assertThat(http.prometheus("pathwatch_cloudwatch_enabled", "agent", "grafana-agent")).isZero();
        rig.labPath().stallNow(2500);
        // a hang's cause is counted once settled, a few seconds after the hang ended; the gauges of the hang's
        // window (jitter) have no value until a window without a hang is sealed
        Set<String> missing = new TreeSet<>(used);
        Set<String> scraped = new TreeSet<>();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                scraped.clear();
                scraped.addAll(valued(http.get("/actuator/prometheus").body()));
                missing.retainAll(used);
                missing.addAll(used);
                missing.removeAll(scraped);
                return missing.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below, by name
        }
        System.out.printf("the dashboard uses %d metric names; all on the scrape with a value: %s%n", used.size(), missing.isEmpty());
        assertThat(missing).as("metrics the dashboard uses that the agent does not expose with a value").isEmpty();
        assertThat(used).contains("pathwatch_rtt_p99_seconds", "pathwatch_connect_seconds_bucket", "pathwatch_hangs_attributed_total", "pathwatch_errors_total",
                "pathwatch_baseline_seconds", "pathwatch_cloudwatch_cost_usd_per_month", "pathwatch_agent_loop_lag_seconds_bucket");
        // and the check can fail: a name the agent does not have is not on the scrape
        assertThat(scraped).doesNotContain("pathwatch_rtt_milliseconds_bucket", "pathwatch_jitter_milliseconds");
    }

    /** The value of the sample of {@code name} whose labels include all of {@code labels}; NaN when there is none. */
    private static double sample(Http http, String name, String... labels) {
        return http.get("/actuator/prometheus").body().lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }

    static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** Names of the series on a scrape that have at least one sample with a value (NaN is none). */
    static Set<String> valued(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
            int end = l.indexOf('{') >= 0 ? l.indexOf('{') : l.indexOf(' ');
            String value = l.substring(l.lastIndexOf(' ') + 1);
            if (!value.equals("NaN")) {
                names.add(l.substring(0, end));
            }
        });
        return names;
    }
}
