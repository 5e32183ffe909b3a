package io.pathwatch.metrics;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.pathwatch.health.AgentConditions;
import io.pathwatch.health.PathHealthTracker;
import io.pathwatch.stats.StatsRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClientBuilder;

/**
 * CloudWatch export, only with {@code pathwatch.cloudwatch.enabled=true}. Spring Boot has no
 * auto-configuration for it: the client (region and credentials from the AWS default chains unless
 * set, endpoint overridable) and the registry are declared here; Boot then composes the registry
 * with Prometheus and closes it (a last publish) at shutdown.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("pathwatch.cloudwatch.enabled")
class CloudWatchConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CloudWatchConfiguration.class);

    /** The SDK's Netty client gets a plain one-thread NIO group of ours (it rejects Netty 4.2's default group). */
    @Bean(destroyMethod = "shutdownGracefully")
    NioEventLoopGroup cloudWatchEventLoop() {
        return new NioEventLoopGroup(1);
    }

    @Bean(destroyMethod = "close")
    CloudWatchAsyncClient cloudWatchAsyncClient(CloudWatchProperties props, NioEventLoopGroup cloudWatchEventLoop) {
        CloudWatchAsyncClientBuilder builder = CloudWatchAsyncClient.builder()
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .eventLoopGroup(SdkEventLoopGroup.create(cloudWatchEventLoop, NioSocketChannel::new))
                        .connectionTimeout(Duration.ofSeconds(5)))
                // our publisher retries next step; the SDK's own retries would only hold up the round
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(20)));
        if (!props.region().isBlank()) {
            builder.region(Region.of(props.region()));
        }
        if (!props.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(props.endpoint()));
        }
        return builder.build();
    }

    @Bean
    StepFigures stepFigures(StatsRegistry stats) {
        StepFigures figures = new StepFigures(stats);
        stats.addWindowListener(figures);
        return figures;
    }

    @Bean
    PathwatchCloudWatchRegistry cloudWatchMeterRegistry(CloudWatchProperties props, CloudWatchAsyncClient client, StepFigures figures,
            PathHealthTracker health, MetricsCost cost, AgentConditions conditions) {
        CloudWatchConfig config = new CloudWatchConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String namespace() {
                return props.namespace();
            }

            @Override
            public Duration step() {
                return props.step();
            }

            @Override
            public boolean highResolution() {
                return props.highResolution();
            }
        };
        PathwatchCloudWatchRegistry registry = new PathwatchCloudWatchRegistry(config, client);
        Duration timeout = props.step().dividedBy(2).compareTo(Duration.ofSeconds(20)) < 0 ? props.step().dividedBy(2) : Duration.ofSeconds(20);
        CloudWatchPublisher publisher = new CloudWatchPublisher(client, props.namespace(), props.highResolution(), figures, health, registry::agent,
                timeout, Clock.systemUTC());
        registry.publishWith(publisher);
        conditions.register("cloudwatch", publisher::failing);
        log.info("CloudWatch export on: namespace {}, step {}{}; {}", props.namespace(), props.step(),
                props.highResolution() ? ", high resolution" : "", cost.summary());
        return registry;
    }
}
