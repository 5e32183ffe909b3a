package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every metric that deploy/ (alarms, dashboards, Terraform) refers to is one pathwatch publishes to CloudWatch. */
class DeployMetricNamesTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern ASSIGNED = Pattern.compile("(?:metric_name|MetricName)\"?\\s*[:=]\\s*\"(pathwatch\\.[^\"]+)\"");

    static Set<String> publishedToCloudWatch() {
        Set<String> names = new TreeSet<>(CloudWatchDatums.PER_PATH);
        names.add(MeterNames.HEARTBEAT);
        names.add(MeterNames.ERRORS);
        return names;
    }

    @Test
    void everyMetricNameInDeployIsPublished() throws IOException {
        List<String> used = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                Matcher m = ASSIGNED.matcher(text);
                while (m.find()) {
                    used.add(f + ": " + m.group(1));
                }
                if (f.toString().endsWith(".json")) {
                    collect(JsonMapper.builder().build().readTree(text), f, used);
                }
            }
        }
        System.out.println("metric names in deploy/: " + used);
        assertThat(used).as("deploy/ refers to metrics").hasSizeGreaterThanOrEqualTo(4);
        assertThat(used).allSatisfy(u -> assertThat(u.substring(u.lastIndexOf(": ") + 2)).as(u).isIn(publishedToCloudWatch()));
        assertThat(used).anySatisfy(u -> assertThat(u).endsWith(MeterNames.HEALTH_STATE))
                .anySatisfy(u -> assertThat(u).endsWith(MeterNames.RTT))
                .anySatisfy(u -> assertThat(u).endsWith(MeterNames.HANGS));
    }

    /** Dashboard metric arrays: ["Pathwatch", "pathwatch.rtt", "agent", …]. */
    private static void collect(JsonNode node, Path f, List<String> used) {
        if (node.isArray() && node.size() > 1 && node.get(0).isString() && "Pathwatch".equals(node.get(0).asString()) && node.get(1).isString()) {
            used.add(f + ": " + node.get(1).asString());
        }
        for (JsonNode child : node) {
            collect(child, f, used);
        }
    }
}
