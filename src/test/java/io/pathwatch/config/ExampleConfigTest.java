package io.pathwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/** Every example configuration we ship binds to pathwatch's properties and passes their validation. */
class ExampleConfigTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    static Stream<String> examples() {
        return Stream.of("config/provider.yml", "config/consumer.yml", "deploy/compose/provider.yml", "deploy/compose/consumer.yml");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void bindsAndValidates(String file) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        // the ${ENV:default} placeholders of the examples resolve to their defaults here
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file, new FileSystemResource(file));
        sources.forEach(s -> env.getPropertySources().addFirst(s));
        PathwatchProperties props = new Binder(ConfigurationPropertySources.get(env), new org.springframework.boot.context.properties.bind
                .PropertySourcesPlaceholdersResolver(env)).bindOrCreate("pathwatch", PathwatchProperties.class);
        assertThat(VALIDATOR.validate(props)).as(file).isEmpty();
        if (file.contains("consumer")) {
            assertThat(props.paths()).as(file).isNotEmpty();
        }
    }
}
