package io.pathwatch.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts and where they go ({@code pathwatch.alerts.*}). The structured log always gets every
 * alert; webhooks and SNS are added here.
 *
 * @param repeatInterval a problem still open after this long is announced again; default 1h
 * @param spoolLimit     most undelivered alerts kept per sink; beyond it the oldest is dropped (and logged); default 10000
 * @param retry          delivery retries
 * @param spoolDir       undelivered alerts and open incidents wait here across restarts; default
 *                       {@code <pathwatch.state-dir>/alerts}
 * @param webhook        one HTTP endpoint that gets every alert as JSON ({@code pathwatch.alerts.webhook.url}); default none
 * @param webhooks       more of them; default none
 * @param sns            an SNS topic that gets every alert
 * @param hangQuiet      a hang incident resolves after this long without a hang; default 5m
 */
public record AlertProperties(
        @NotNull @DurationMin(minutes = 1) @DurationMax(days = 7) @DefaultValue("1h") Duration repeatInterval,
        @Min(10) @Max(1_000_000) @DefaultValue("10000") int spoolLimit,
        @Valid @NotNull @DefaultValue RetryProperties retry,
        Path spoolDir,
        @Valid @NotNull @DefaultValue WebhookProperties webhook,
        @Valid @NotNull @DefaultValue List<WebhookProperties> webhooks,
        @Valid @NotNull @DefaultValue SnsProperties sns,
        @NotNull @DurationMin(seconds = 10) @DurationMax(days = 1) @DefaultValue("5m") Duration hangQuiet) {

    /** Every webhook configured: {@code webhook} (named {@code webhook} unless named) first, then {@code webhooks[i]}. */
    public List<WebhookProperties> allWebhooks() {
        List<WebhookProperties> all = new ArrayList<>();
        if (webhook != null && !webhook.url().isBlank()) {
            all.add(webhook.named(webhook.name().isBlank() ? "webhook" : webhook.name()));
        }
        for (int i = 0; i < webhooks.size(); i++) {
            all.add(webhooks.get(i).named(webhooks.get(i).name().isBlank() ? "webhook-" + i : webhooks.get(i).name()));
        }
        return all;
    }

    /** Sink names become spool directories, so two webhooks may not share one. */
    @AssertTrue(message = "pathwatch.alerts.webhook / webhooks[*]: names must be unique")
    public boolean isWebhookNamesUnique() {
        Set<String> seen = new HashSet<>();
        return allWebhooks().stream().allMatch(w -> seen.add(w.name()));
    }

    @AssertTrue(message = "pathwatch.alerts.webhooks[*].url must be set")
    public boolean isEveryListedWebhookAddressed() {
        return webhooks.stream().noneMatch(w -> w.url().isBlank());
    }

    /** The spool directory, given the state directory. */
    public Path spoolDir(Path stateDir) {
        return spoolDir != null ? spoolDir : stateDir.resolve("alerts");
    }

    /**
     * @param initial first wait after a failed delivery; doubles each time; default 1s
     * @param max     longest wait between attempts; default 5m
     */
    public record RetryProperties(
            @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) @DefaultValue("1s") Duration initial,
            @NotNull @DurationMin(millis = 10) @DurationMax(hours = 6) @DefaultValue("5m") Duration max) {

        @AssertTrue(message = "pathwatch.alerts.retry.max must not be shorter than pathwatch.alerts.retry.initial")
        public boolean isOrdered() {
            return initial == null || max == null || max.compareTo(initial) >= 0;
        }
    }

    /**
     * @param name    names the sink in logs and its spool directory; default {@code webhook}, or {@code webhook-<index>} in the list
     * @param url     where alerts are POSTed (http or https); empty = none
     * @param secret  when set, each request carries {@code X-Pathwatch-Signature: sha256=<HMAC-SHA256 of the body>}
     * @param timeout longest wait for one request; default 10s
     */
    public record WebhookProperties(
            @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9._-]{0,64}", message = "must be letters, digits, '.', '_' or '-'")
            @DefaultValue("") String name,
            @NotNull @jakarta.validation.constraints.Pattern(regexp = "|https?://.+", message = "must be an http or https URL")
            @DefaultValue("") String url,
            @DefaultValue("") String secret,
            @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5) @DefaultValue("10s") Duration timeout) {

        WebhookProperties named(String newName) {
            return new WebhookProperties(newName, url, secret, timeout);
        }
    }

    /**
     * @param topicArn the topic to publish to; empty (the default) means no SNS
     * @param region   the topic's region; default: the AWS default region chain, else the ARN's region
     * @param endpoint endpoint override (tests, VPC endpoints); default the regional endpoint
     * @param timeout  longest wait for one publish; default 10s
     */
    public record SnsProperties(
            @DefaultValue("") String topicArn,
            @DefaultValue("") String region,
            @DefaultValue("") String endpoint,
            @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5) @DefaultValue("10s") Duration timeout) {

        public boolean enabled() {
            return !topicArn.isBlank();
        }

        @AssertTrue(message = "pathwatch.alerts.sns.topic-arn must look like arn:aws:sns:<region>:<account>:<topic>")
        public boolean isTopicArnValid() {
            return topicArn == null || topicArn.isBlank() || topicArn.matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]+(\\.fifo)?");
        }
    }
}
