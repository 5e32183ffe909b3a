package io.pathwatch.alert;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes each alert to an SNS topic: the message is the alert's JSON, the subject its text
 * (SNS allows 100 ASCII characters), and message attributes {@code kind}, {@code action} and
 * {@code path} let subscriptions filter. Credentials come from the AWS default chain; the
 * region from {@code pathwatch.alerts.sns.region} or else the topic's ARN. The SDK does not retry
 * (our queue does, with its backoff); a FIFO topic gets the path as group and the alert id as
 * deduplication id.
 */
final class SnsSink implements AlertSink, AutoCloseable {

    private final AlertSettings.Sns settings;
    private final SnsClient client;
    private final JsonMapper json;
    private final boolean fifo;

    SnsSink(AlertSettings.Sns settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        this.fifo = settings.topicArn().endsWith(".fifo");
        SnsClientBuilder builder = SnsClient.builder()
                .region(Region.of(settings.effectiveRegion()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(settings.timeout()).socketTimeout(settings.timeout()).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(settings.timeout()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.client = builder.build();
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public String name() {
        return "sns";
    }

    @Override
    public void deliver(Alert alert) throws Exception {
        PublishRequest.Builder request = PublishRequest.builder()
                .topicArn(settings.topicArn())
                .subject(subject(alert.text()))
                .message(json.writeValueAsString(alert))
                .messageAttributes(Map.of(
                        "kind", attribute(alert.kind().name()),
                        "action", attribute(alert.action().name()),
                        "path", attribute(alert.path())));
        if (fifo) {
            request.messageGroupId(alert.path()).messageDeduplicationId(alert.id());
        }
        try {
            client.publish(request.build());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 400 && ("InvalidParameter".equals(code) || "InvalidParameterValue".equals(code))) {
                throw new RejectedAlert(code + ": " + e.getMessage());
            }
            throw e;
        }
    }

    /** SNS subjects: ASCII, no line breaks, at most 100 characters. */
    static String subject(String text) {
        String ascii = text.replace('→', '>').replace('—', '-').replace('×', 'x').replace('−', '-')
                .replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= 100 ? ascii : ascii.substring(0, 99) + "~";
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    @Override
    public void close() {
        client.close();
    }
}
