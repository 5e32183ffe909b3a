package io.pathwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathwatch.health.PathState;
import io.pathwatch.health.PathTransition;
import io.pathwatch.testing.Tools;
import io.pathwatch.testing.WebhookReceiver;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Webhook and SNS delivery over real HTTP on 127.0.0.1: receivers down, failing, slow, and a restart in between. */
class AlertDeliveryTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:pathwatch-alerts";
    private static final String SECRET = "hook-secret";
    private static final String SNS_OK = """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult>\
            <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>""";

    @TempDir
    Path spool;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void awsCredentialsForTheStandIn() {
        // the default chain finds these first, so it never asks the instance metadata service
        System.setProperty("aws.accessKeyId", "AKIATESTTESTTESTTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.disableEc2Metadata");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private AlertManager manager(String webhookUrl, String snsEndpoint) {
        List<AlertSettings.Webhook> hooks = webhookUrl == null ? List.of()
                : List.of(new AlertSettings.Webhook("hook", URI.create(webhookUrl), SECRET, Duration.ofSeconds(2)));
        AlertSettings.Sns sns = snsEndpoint == null ? null : new AlertSettings.Sns(TOPIC, null, URI.create(snsEndpoint), Duration.ofSeconds(2));
        AlertSettings settings = new AlertSettings("agent-1", Duration.ofHours(1), spool, 1000, Duration.ofMillis(50), Duration.ofMillis(400),
                hooks, sns);
        List<AlertSink> sinks = new ArrayList<>();
        hooks.forEach(h -> sinks.add(new WebhookSink(h, json)));
        if (sns != null) {
            sinks.add(new SnsSink(sns, json));
        }
        AlertManager m = new AlertManager(settings, List.of("p"), sinks, p -> List.of(), Clock.systemUTC(), json);
        closing.add(0, m);
        return m;
    }

    private WebhookReceiver receiver(int port) {
        WebhookReceiver r = new WebhookReceiver(port);
        closing.add(r);
        return r;
    }

    /** {@code n} incidents, each raised and resolved: 2n alerts. */
    private static void flap(AlertManager m, int n) {
        for (int i = 0; i < n; i++) {
            m.stateChanged(new PathTransition("p", PathState.OK, PathState.DEGRADED, java.time.Instant.now(), List.of(), List.of()));
            m.stateChanged(new PathTransition("p", PathState.DEGRADED, PathState.OK, java.time.Instant.now(), List.of(), List.of()));
        }
    }

    private static List<Long> sequences(WebhookReceiver r) {
        return r.received().stream().map(x -> ((Number) x.json().get("sequence")).longValue()).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void aWebhookThatIsDownThenFailingGetsEveryAlertInOrderExactlyOnce() throws Exception {
        WebhookReceiver hook = receiver(Tools.freePort());
        AlertManager m = manager(hook.url(), null);
        flap(m, 3);
        // nothing listens yet: connection refused, retried with backoff
        await().atMost(Duration.ofSeconds(10)).until(() -> (long) m.sinks().get("hook").get("failedAttempts") >= 3);
        hook.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.received().size() == 6);
        // up, but answering 503 for a while
        hook.answer(503, "text/plain", "busy");
        flap(m, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.refused() >= 3);
        hook.answer(200, "application/json", "{}");
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.received().size() == 10);

        assertThat(sequences(hook)).containsExactlyElementsOf(range(1, 10));
        assertThat(hook.received()).extracting(r -> r.json().get("id")).doesNotHaveDuplicates();
        WebhookReceiver.Received first = hook.received().get(0);
        assertThat(first.header(WebhookSink.ID_HEADER)).isEqualTo(first.json().get("id"));
        assertThat(first.header(WebhookSink.SIGNATURE_HEADER))
                .isEqualTo("sha256=" + WebhookSink.hmac(SECRET, first.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(first.json()).containsEntry("action", "RAISED").containsEntry("kind", "STATE").containsEntry("path", "p")
                .containsEntry("agent", "agent-1").containsEntry("from", "OK").containsEntry("to", "DEGRADED");
        assertThat((String) first.json().get("text")).as("Slack-compatible text").startsWith("[DEGRADED] path p (agent agent-1): OK → DEGRADED");
        // sent again after it was delivered? never: still 10 a little later
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> hook.received().size() == 10);
    }

    @Test
    void alertsSpooledWhileTheWebhookIsDownSurviveARestart() {
        int port = Tools.freePort();
        AlertManager before = manager("http://127.0.0.1:" + port + "/hook", null);
        flap(before, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> (long) before.sinks().get("hook").get("failedAttempts") >= 1
                && (int) before.sinks().get("hook").get("pending") == 4);
        before.close();
        closing.remove(before);

        WebhookReceiver hook = receiver(port);
        AlertManager after = manager(hook.url(), null);
        assertThat(after.sinks().get("hook")).containsEntry("pending", 4);
        flap(after, 1);
        after.drain();
        hook.answer(200, "application/json", "{}");
        try {
            hook.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.received().size() == 6);
        assertThat(sequences(hook)).containsExactlyElementsOf(range(1, 6));
        assertThat(hook.received()).extracting(r -> r.json().get("id")).doesNotHaveDuplicates();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> hook.received().size() == 6);
    }

    @Test
    void snsGetsThePublishWithTopicAndMessage() throws Exception {
        WebhookReceiver sns = receiver(Tools.freePort()).start();
        sns.answer(200, "text/xml", SNS_OK);
        AlertManager m = manager(null, "http://127.0.0.1:" + sns.port());
        flap(m, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sns.received().size() == 2);
        Map<String, String> form = form(sns.received().get(0).body());
        assertThat(form).containsEntry("Action", "Publish").containsEntry("TopicArn", TOPIC);
        assertThat(form.entrySet().stream().filter(e -> e.getKey().matches("MessageAttributes\\.entry\\.\\d\\.Name")).map(Map.Entry::getValue))
                .as("attributes for subscription filters").containsExactlyInAnyOrder("kind", "action", "path");
        assertThat(form.get("Subject")).startsWith("[DEGRADED] path p (agent agent-1): OK > DEGRADED");
        Map<String, Object> message = io.pathwatch.testing.Http.map(json.readValue(form.get("Message"), Map.class));
        assertThat(message).containsEntry("action", "RAISED").containsEntry("path", "p").containsEntry("sequence", 1);
        assertThat(sns.received().get(0).header("Authorization")).contains("Credential=AKIATESTTESTTESTTEST/").contains("/eu-west-1/sns/");
        assertThat(form(sns.received().get(1).body()).get("Message")).contains("\"action\":\"RESOLVED\"");
    }

    @Test
    void aFailingOrSlowSnsDoesNotDelayTheWebhook() throws Exception {
        WebhookReceiver sns = receiver(Tools.freePort()).start();
        sns.answer(500, "text/xml", "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code></Error></ErrorResponse>");
        sns.delay(1500);
        WebhookReceiver hook = receiver(Tools.freePort()).start();
        AlertManager m = manager(hook.url(), "http://127.0.0.1:" + sns.port());
        long start = System.nanoTime();
        flap(m, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> hook.received().size() == 6);
        double webhookMs = (hook.received().get(5).atNanos() - start) / 1e6;
        assertThat(webhookMs).as("all six webhook deliveries while SNS fails slowly").isLessThan(1000);
        assertThat(m.sinks().get("sns")).containsEntry("delivered", 0L);
        // SNS recovers: it gets all six, in order
        sns.delay(0);
        sns.answer(200, "text/xml", SNS_OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> sns.received().size() == 6);
        assertThat(sns.received()).extracting(r -> ((Number) io.pathwatch.testing.Http.map(json.readValue(form(r.body()).get("Message"), Map.class))
                .get("sequence")).longValue()).containsExactlyElementsOf(range(1, 6));
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(kv -> kv.split("=", 2)).collect(Collectors.toMap(
                kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv -> kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "",
                (a, b) -> b, LinkedHashMap::new));
    }
}
