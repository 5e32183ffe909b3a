package io.pathwatch.alert;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How alerts are made and delivered (from {@code pathwatch.alerts.*}).
 *
 * @param agent          this agent's name, on every alert
 * @param repeatInterval an incident still open after this long is announced again
 * @param spoolDir       where undelivered alerts and open incidents are kept
 * @param spoolLimit     most undelivered alerts kept per sink
 * @param retryInitial   first wait after a failed delivery
 * @param retryMax       longest wait between attempts
 * @param webhooks       webhook sinks
 * @param sns            the SNS sink, or null
 * @param hangQuiet      a hang incident resolves after this long without a hang
 * @param silences       maintenance windows from the configuration ({@code pathwatch.paths[i].silence})
 * @param inboxCapacity  events queued for the alerts thread before same-path events are merged
 */
public record AlertSettings(String agent, Duration repeatInterval, Path spoolDir, int spoolLimit, Duration retryInitial,
        Duration retryMax, List<Webhook> webhooks, Sns sns, Duration hangQuiet, List<Silence> silences, int inboxCapacity) {

    static final Duration DEFAULT_HANG_QUIET = Duration.ofMinutes(5);
    public static final int DEFAULT_INBOX = 10_000;

    public AlertSettings {
        webhooks = List.copyOf(webhooks);
        silences = List.copyOf(silences);
    }

    /** Without silences, with the default hang-quiet and inbox. */
    public AlertSettings(String agent, Duration repeatInterval, Path spoolDir, int spoolLimit, Duration retryInitial, Duration retryMax,
            List<Webhook> webhooks, Sns sns) {
        this(agent, repeatInterval, spoolDir, spoolLimit, retryInitial, retryMax, webhooks, sns, DEFAULT_HANG_QUIET, List.of(), DEFAULT_INBOX);
    }

    /** A webhook: name (spool directory), URL, optional HMAC secret, request timeout. */
    public record Webhook(String name, URI url, String secret, Duration timeout) {
    }

    /** An SNS topic: its ARN, region (null: the ARN's), endpoint override (null: AWS's), publish timeout. */
    public record Sns(String topicArn, String region, URI endpoint, Duration timeout) {

        String effectiveRegion() {
            return region != null ? region : topicArn.split(":")[3];
        }
    }
}
