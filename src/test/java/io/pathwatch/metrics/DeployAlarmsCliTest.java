package io.pathwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pathwatch.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/cloudwatch/alarms.json is what the AWS CLI accepts: each alarm, filled in, passes the
 * CLI's own parameter validation (sent to a closed port on 127.0.0.1, so nothing leaves the machine).
 */
class DeployAlarmsCliTest {

    @Test
    void everyAlarmPassesTheAwsCliParameterValidation() throws Exception {
        assumeThat(Tools.onPath("aws")).as("the aws CLI is not installed (Debian package awscli); skipping the alarm validation").isTrue();
        String filled = Files.readString(Path.of("deploy/cloudwatch/alarms.json"))
                .replace("${AGENT}", "agent-1").replace("${PATH_NAME}", "path-a").replace("${SNS_TOPIC_ARN}", "arn:aws:sns:us-east-1:123456789012:t")
                .replace("\"${RTT_P99_MS}\"", "400").replace("${RTT_P99_MS}", "400");
        JsonNode doc = JsonMapper.builder().build().readTree(filled);
        List<JsonNode> alarms = new ArrayList<>();
        doc.get("perPath").forEach(alarms::add);
        doc.get("perAgent").forEach(alarms::add);
        assertThat(alarms).hasSize(5);
        int closed = Tools.freePort();
        for (JsonNode alarm : alarms) {
            ProcessBuilder pb = new ProcessBuilder("aws", "cloudwatch", "put-metric-alarm", "--region", "us-east-1",
                    "--endpoint-url", "http://127.0.0.1:" + closed, "--cli-connect-timeout", "1", "--cli-read-timeout", "1",
                    "--cli-input-json", alarm.toString()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("AWS_ACCESS_KEY_ID", "AKIATESTTESTTESTTEST");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_MAX_ATTEMPTS", "1");
            env.put("AWS_CONFIG_FILE", "/dev/null");
            env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("aws returns").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).as(alarm.get("AlarmName").asString()).doesNotContain("validation failed").doesNotContain("Invalid")
                    .contains("Could not connect");
        }
    }
}
