package io.pathwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.config.BaselineProperties;
import io.pathwatch.config.HealthProperties;
import io.pathwatch.config.PathProperties;
import io.pathwatch.config.RuleProperties;
import io.pathwatch.health.Comparison;
import io.pathwatch.health.PathState;
import io.pathwatch.health.Rule;
import io.pathwatch.health.RuleFigure;
import io.pathwatch.health.Threshold;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Rules as users write them: the `when` grammar, units, merging by name, and what validation refuses. */
class RuleMappingTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "rtt.p50        | > 250ms                  | GT | -           | 0   | 250",
            "rtt.p99        | >= 1.5s                  | GE | -           | 0   | 1500",
            "connect.p50    | > 800us                  | GT | -           | 0   | 0.8",
            "loss           | >= 5%                    | GE | -           | 0   | 0.05",
            "hangs          | >= 1                     | GE | -           | 0   | 1",
            "rtt.p50        | > baseline * 1.3 + 2ms   | GT | rtt.p50     | 1.3 | 2",
            "rtt.p50        | > baseline + 20ms        | GT | rtt.p50     | 1   | 20",
            "rtt.p99        | > baseline.p50 * 3       | GT | rtt.p50     | 3   | 0",
            "jitter         | >baseline.jitter*2-1ms   | GT | jitter      | 2   | -1",
            "rtt.p50        | < baseline * 0.5         | LT | rtt.p50     | 0.5 | 0",
    })
    void whenReadsAsItIsWritten(String figure, String when, Comparison comparison, String of, double factor, double offset) {
        Rule rule = RuleMapping.rule(RuleProperties.of("r", figure, when, "DEGRADED", 2, 3));
        assertThat(rule.comparison()).isEqualTo(comparison);
        Threshold expected = of.equals("-") ? Threshold.absolute(offset) : new Threshold(RuleFigure.byKey(of), factor, offset);
        assertThat(rule.threshold().of()).isEqualTo(expected.of());
        assertThat(rule.threshold().factor()).isEqualTo(expected.factor());
        assertThat(rule.threshold().offset()).isCloseTo(expected.offset(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(validate(RuleProperties.of("r", figure, when, "DEGRADED", 2, 3))).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "rtt.p42 | > 250ms             | figure must be one of",
            "rtt.p50 | > 5%                | when must read like",
            "loss    | > 5ms               | when must read like",
            "rtt.p50 | 250ms               | when must read like",
            "rtt.p50 | > baseline.nope * 2 | when must read like",
            "rtt.p50 | > baseline * x      | when must read like",
    })
    void validationRefusesWhatCannotBeRead(String figure, String when, String message) {
        assertThat(validate(RuleProperties.of("r", figure, when, "DEGRADED", 2, 3))).singleElement().asString().contains(message);
    }

    @Test
    void rulesMergeByNameOverTheShippedOnesThenPerPath() {
        HealthProperties health = new HealthProperties(new BaselineProperties(Duration.ofHours(24), 6, Duration.ofHours(6)), List.of(
                new RuleProperties("latency", null, "> baseline * 1.5 + 5ms", null, null, null, null, null),
                RuleProperties.of("slow-connect", "connect.p99", "> 250ms", "DEGRADED", 3, 3)));
        PathProperties lan = new PathProperties("lan", "10.0.0.5:7100", io.pathwatch.config.PathTlsProperties.NONE, Map.of(), null, null, null, null,
                null, null, null, null, null, List.of(new RuleProperties("jitter", null, null, null, null, null, null, false),
                        new RuleProperties("down", null, null, null, 5, null, null, null)), List.of(), PathProperties.Mode.STREAM, "", 0);
        PathProperties wan = PathProperties.of("wan", "feed.example.com:7100", Map.of());
        Map<String, List<Rule>> rules = RuleMapping.rules(health, List.of(lan, wan), null).byPath();

        Rule latency = rules.get("wan").stream().filter(r -> r.name().equals("latency")).findFirst().orElseThrow();
        assertThat(latency.figure()).isEqualTo(RuleFigure.RTT_P50);
        assertThat(latency.threshold()).isEqualTo(new Threshold(RuleFigure.RTT_P50, 1.5, 5));
        assertThat(latency.forWindows()).as("kept from the shipped rule").isEqualTo(2);
        assertThat(rules.get("wan")).extracting(Rule::name).containsExactly("down", "failures", "loss", "latency", "tail-latency",
                "jitter", "hangs", "disconnects", "slow-connect");
        assertThat(rules.get("lan")).extracting(Rule::name).doesNotContain("jitter").contains("slow-connect");
        Rule down = rules.get("lan").get(0);
        assertThat(down.forWindows()).isEqualTo(5);
        assertThat(down.within()).as("within follows a new for").isEqualTo(5);
        assertThat(down.state()).isEqualTo(PathState.DOWN);
        Rule hangs = rules.get("wan").stream().filter(r -> r.name().equals("hangs")).findFirst().orElseThrow();
        assertThat(hangs.forWindows()).isEqualTo(2);
        assertThat(hangs.within()).isEqualTo(12);
    }

    private static List<String> validate(RuleProperties rule) {
        Set<ConstraintViolation<RuleProperties>> violations = VALIDATOR.validate(rule);
        return violations.stream().map(ConstraintViolation::getMessage).toList();
    }
}
