package io.pathwatch.discovery;

import io.pathwatch.config.DiscoveryProperties;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * Lists the interface VPC endpoints of some VPCs with EC2 {@code DescribeVpcEndpoints}, page by
 * page. The SDK retries with its standard strategy (throttling included); an incomplete listing
 * is an exception, never a shorter list, so a half-read account cannot remove paths.
 */
final class Ec2Endpoints implements AutoCloseable {

    /** 1000 endpoints a page (the API's most): 100 pages is far beyond any account's endpoint quota. */
    static final int PAGE_SIZE = 1000;
    static final int MAX_PAGES = 100;
    private static final Set<String> THROTTLING_CODES = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException");

    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private final Ec2Client client;

    Ec2Endpoints(DiscoveryProperties.Aws props) {
        Ec2ClientBuilder builder = Ec2Client.builder()
                .credentialsProvider(credentials)
                // the SNS sink's client: plain JDK HTTP on our own thread, no event loop pulled in; given as a builder,
                // so closing the EC2 client closes it
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(20)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .apiCallAttemptTimeout(Duration.ofSeconds(20)).apiCallTimeout(Duration.ofSeconds(60)));
        if (!props.region().isBlank()) {
            builder.region(Region.of(props.region()));
        }
        if (!props.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(props.endpoint()));
        }
        this.client = builder.build();
    }

    /** The region the client talks to (from the setting or the SDK's chain). */
    String region() {
        return client.serviceClientConfiguration().region().id();
    }

    List<VpcEndpoint> list(List<String> vpcIds) {
        List<VpcEndpoint> all = new ArrayList<>();
        String token = null;
        for (int page = 1; page <= MAX_PAGES; page++) {
            DescribeVpcEndpointsResponse r = client.describeVpcEndpoints(DescribeVpcEndpointsRequest.builder()
                    .filters(Filter.builder().name("vpc-id").values(vpcIds).build(),
                            Filter.builder().name("vpc-endpoint-type").values("Interface").build())
                    .maxResults(PAGE_SIZE)
                    .nextToken(token)
                    .build());
            all.addAll(r.vpcEndpoints());
            String next = r.nextToken();
            if (next == null || next.isEmpty()) {
                return all;
            }
            if (Objects.equals(next, token)) {
                throw new IllegalStateException("DescribeVpcEndpoints returned the same NextToken twice");
            }
            token = next;
        }
        throw new IllegalStateException("DescribeVpcEndpoints still had more after " + MAX_PAGES + " pages");
    }

    /** EC2 says "slow down" with these codes, or a bare 503. */
    static boolean throttled(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return e.isThrottlingException() || e.statusCode() == 503 || (code != null && THROTTLING_CODES.contains(code));
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
        credentials.close();
    }
}
