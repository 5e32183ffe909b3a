package io.pathwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code pathwatch.paths[i].mode}, {@code .source-address} and {@code .dscp} as they bind and validate. */
class ConnectModeConfigTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private static PathwatchProperties bind(Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of("pathwatch.paths[0].name", "p", "pathwatch.paths[0].target", "h:443"));
        extra.forEach((k, v) -> keys.put("pathwatch.paths[0]." + k, v));
        return new Binder(new MapConfigurationPropertySource(keys)).bindOrCreate("pathwatch", PathwatchProperties.class);
    }

    private static List<String> messages(Map<String, String> extra) {
        return VALIDATOR.validate(bind(extra)).stream().map(v -> v.getPropertyPath() + ": " + v.getMessage()).toList();
    }

    @Test
    void aPathIsAStreamPathFromTheKernelsAddressWithTheDefaultClassUnlessToldOtherwise() {
        PathProperties p = bind(Map.of()).paths().get(0);
        assertThat(p.mode()).isEqualTo(PathProperties.Mode.STREAM);
        assertThat(p.sourceAddress()).isEmpty();
        assertThat(p.dscp()).isZero();
        assertThat(messages(Map.of())).isEmpty();
    }

    @Test
    void modeSourceAddressAndDscpBind() {
        PathProperties p = bind(Map.of("mode", "connect", "source-address", "10.1.2.3", "dscp", "46")).paths().get(0);
        assertThat(p.mode()).isEqualTo(PathProperties.Mode.CONNECT);
        assertThat(p.sourceAddress()).isEqualTo("10.1.2.3");
        assertThat(p.dscp()).isEqualTo(46);
        assertThat(messages(Map.of("mode", "connect", "source-address", "10.1.2.3", "dscp", "46"))).isEmpty();
        assertThat(messages(Map.of("source-address", "fd00::1"))).isEmpty();
    }

    @ParameterizedTest(name = "source-address {0}")
    @ValueSource(strings = {"localhost", "eth0", "10.1.2", "256.1.1.1", "10.1.2.3.4", "[::1]", "fd00::zz", "cafe.bad"})
    void aSourceAddressMustBeAnIpLiteral(String value) {
        assertThat(messages(Map.of("source-address", value)))
                .anySatisfy(m -> assertThat(m).contains("source-address must be an IP address literal"));
    }

    @ParameterizedTest(name = "dscp {0}")
    @ValueSource(strings = {"-1", "64"})
    void dscpIsSixBits(String value) {
        assertThat(messages(Map.of("dscp", value))).anySatisfy(m -> assertThat(m).startsWith("paths[0].dscp"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"jitter, > 5ms", "hangs, >= 1", "rtt.p50, > 100ms", "stream.disconnects, >= 1", "connect.p50, > baseline.rtt.p50 * 2"})
    void aConnectPathsOwnRuleOnAFigureOnlyAResponderGivesIsRefused(String figure, String when) {
        Map<String, String> keys = Map.of("mode", "connect", "rules[0].name", "mine", "rules[0].figure", figure, "rules[0].when", when,
                "rules[0].state", "DEGRADED", "rules[0].for", "2", "rules[0].clear-for", "2");
        assertThat(messages(keys)).anySatisfy(m -> assertThat(m).contains("a path with mode: connect has no echoes and no stream"));
        assertThat(messages(Map.of("rules[0].name", "mine", "rules[0].figure", figure, "rules[0].when", when,
                "rules[0].state", "DEGRADED", "rules[0].for", "2", "rules[0].clear-for", "2"))).as("the same rule on a stream path").isEmpty();
    }

    @Test
    void aConnectPathKeepsShippedAndGlobalRulesThatFitAndLeavesOutTheOthers() {
        HealthProperties health = new HealthProperties(new BaselineProperties(java.time.Duration.ofHours(24), 6, java.time.Duration.ofHours(6)),
                List.of(new RuleProperties("jitter", null, "> baseline * 4 + 5ms", null, null, null, null, null),
                        new RuleProperties("latency", null, "> baseline * 1.5 + 5ms", null, null, null, null, null)));
        Map<String, RuleProperties> rules = new java.util.LinkedHashMap<>();
        health.effectiveRules(List.of(), PathProperties.Mode.CONNECT).forEach(r -> rules.put(r.name(), r));

        assertThat(rules.keySet()).containsExactly("down", "failures", "loss", "latency", "tail-latency");
        assertThat(rules.get("latency").figure()).as("connect time instead of echo RTT").isEqualTo("connect.p50");
        assertThat(rules.get("latency").when()).as("the global override still applies").isEqualTo("> baseline * 1.5 + 5ms");
        assertThat(rules.get("tail-latency").figure()).isEqualTo("connect.p99");
        assertThat(health.effectiveRules(List.of(), PathProperties.Mode.STREAM)).extracting(RuleProperties::name)
                .contains("jitter", "hangs", "disconnects");
    }
}
