package io.pathwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code pathwatch.discovery.*}: off by default, its defaults as documented, nonsense refused by key. */
class DiscoveryPropertiesTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private static PathwatchProperties bind(Map<String, String> keys) {
        return new Binder(new MapConfigurationPropertySource(keys)).bindOrCreate("pathwatch", PathwatchProperties.class);
    }

    @Test
    void theDefaultsAreOffAndAsDocumented() {
        PathwatchProperties props = bind(Map.of());
        assertThat(VALIDATOR.validate(props)).isEmpty();
        DiscoveryProperties.Aws aws = props.discovery().aws();
        assertThat(aws.vpcEndpoints().enabled()).isFalse();
        assertThat(aws.vpcIds()).isEmpty();
        assertThat(aws.tagKey()).isEqualTo("pathwatch:path");
        assertThat(aws.serviceNames()).isEmpty();
        assertThat(aws.portTag()).isEqualTo("pathwatch:port");
        assertThat(aws.defaultPort()).isEqualTo(7100);
        assertThat(aws.maxPaths()).isEqualTo(200);
        assertThat(aws.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(aws.region()).isEmpty();
        assertThat(aws.endpoint()).isEmpty();
        assertThat(aws.metadataEndpoint()).isEqualTo("http://169.254.169.254");
    }

    @Test
    void theKeysBindAsAnEnvironmentWritesThem() {
        PathwatchProperties props = bind(Map.of("pathwatch.discovery.aws.vpc-endpoints.enabled", "true",
                "pathwatch.discovery.aws.vpc-ids", "vpc-0a1b2c3d4e5f60001,vpc-0a1b2c3d"));
        assertThat(VALIDATOR.validate(props)).isEmpty();
        assertThat(props.discovery().aws().vpcEndpoints().enabled()).isTrue();
        assertThat(props.discovery().aws().vpcIds()).containsExactly("vpc-0a1b2c3d4e5f60001", "vpc-0a1b2c3d");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "vpc-ids, subnet-0a1b2c3d",
            "default-port, 0",
            "max-paths, -1",
            "interval, 1s",
            "endpoint, ec2.example.com",
            "metadata-endpoint, ''",
            "tag-key, ''",
    })
    void nonsenseIsRefusedNamingTheKey(String key, String value) {
        Set<ConstraintViolation<PathwatchProperties>> violations = VALIDATOR.validate(bind(Map.of("pathwatch.discovery.aws." + key, value)));
        assertThat(violations).isNotEmpty();
        assertThat(violations).extracting(v -> v.getPropertyPath().toString()).allSatisfy(p -> assertThat(p).startsWith("discovery.aws."));
    }
}
