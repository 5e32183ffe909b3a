package io.pathwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Combinations of probe settings that would silently measure nothing are refused at start-up,
 * for the defaults and for a path's overrides alike; the message names the keys.
 */
class ProbeSettingsValidationTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private static Set<ConstraintViolation<PathwatchProperties>> validate(Map<String, String> keys) {
        PathwatchProperties props = new Binder(new MapConfigurationPropertySource(keys)).bindOrCreate("pathwatch", PathwatchProperties.class);
        return VALIDATOR.validate(props);
    }

    private static List<String> messages(Map<String, String> keys) {
        return validate(keys).stream().map(ConstraintViolation::getMessage).toList();
    }

    @ParameterizedTest(name = "{0}={1}, {2}={3}: {4}")
    @CsvSource({
            // a heartbeat as long as the timeout: every heartbeat late, no hang ever seen
            "heartbeat, 3s, timeout, 3s, pathwatch.probe.heartbeat must be shorter than pathwatch.probe.timeout",
            "heartbeat, 5s, timeout, 3s, pathwatch.probe.heartbeat must be shorter than pathwatch.probe.timeout",
            // a connection given up before it can hang: every hang cut at the give-up
            "hang-threshold, 10s, stream-give-up, 10s, pathwatch.probe.hang-threshold must be shorter than pathwatch.probe.stream-give-up",
            "hang-threshold, 20s, stream-give-up, 10s, pathwatch.probe.hang-threshold must be shorter than pathwatch.probe.stream-give-up",
            // a give-up within the timeout: no reply could ever be late, every one would be lost
            "timeout, 10s, stream-give-up, 10s, pathwatch.probe.stream-give-up must be longer than pathwatch.probe.timeout",
            // more heartbeats before the give-up than the stream can keep outstanding
            "heartbeat, 10ms, stream-give-up, 41s, pathwatch.probe.stream-give-up may be at most 4096 heartbeats long",
    })
    void badCombinationsOfTheDefaultsAreRefusedByName(String a, String va, String b, String vb, String message) {
        assertThat(messages(Map.of("pathwatch.probe." + a, va, "pathwatch.probe." + b, vb))).contains(message);
    }

    @ParameterizedTest(name = "paths[0].{0}={1}")
    @CsvSource({"heartbeat, 3s", "hang-threshold, 12s", "stream-give-up, 900ms", "stream-give-up, 2s"})
    void aPathsOverridesMayNotBreakThemEither(String key, String value) {
        assertThat(messages(Map.of("pathwatch.paths[0].name", "p", "pathwatch.paths[0].target", "h:7100", "pathwatch.paths[0]." + key, value)))
                .anySatisfy(m -> assertThat(m).startsWith("pathwatch.paths[*]: with its overrides"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pathwatch.probe.stream-give-up, 50ms", "pathwatch.probe.max-self-lag, 0ms", "pathwatch.probe.max-self-lag, 2m"})
    void outOfRangeValuesAreRefused(String key, String value) {
        assertThat(validate(Map.of(key, value))).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void aLongTimeoutAloneStretchesTheDefaultGiveUpInsteadOfFailing() {
        assertThat(validate(Map.of("pathwatch.probe.timeout", "12s"))).isEmpty();
        PathwatchProperties props = new Binder(new MapConfigurationPropertySource(Map.of("pathwatch.probe.timeout", "12s",
                "pathwatch.paths[0].name", "p", "pathwatch.paths[0].target", "h:7100", "pathwatch.paths[0].timeout", "30s")))
                .bindOrCreate("pathwatch", PathwatchProperties.class);
        assertThat(VALIDATOR.validate(props)).isEmpty();
        assertThat(props.probe().streamGiveUp()).hasSeconds(24);
        assertThat(props.paths().get(0).settings(props.probe()).streamGiveUp()).hasSeconds(60);
    }

    @org.junit.jupiter.api.Test
    void theDefaultsAreValidAndSayWhatTheyAre() {
        assertThat(validate(Map.of())).isEmpty();
        ProbeProperties probe = new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("pathwatch", PathwatchProperties.class).probe();
        assertThat(probe.streamGiveUp()).hasSeconds(10);
        assertThat(probe.maxSelfLag()).hasMillis(50);
        assertThat(probe.heartbeat()).isLessThan(probe.timeout());
    }
}
