package io.pathwatch.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports an invalid {@code pathwatch.*} value with the key spelled as users write it
 * ({@code pathwatch.probe.echo-count}, not {@code echoCount}), its value and the rule it broke.
 */
class PropertyKeyFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
        String prefix = cause.getValidationErrors().getName().toString();
        String errors = cause.getValidationErrors().getAllErrors().stream()
                .map(e -> describe(prefix, e)).collect(Collectors.joining("\n"));
        return new FailureAnalysis("Invalid configuration:\n\n" + errors,
                "Correct the key(s) above in your configuration (README.md lists every pathwatch key).", cause);
    }

    private static String describe(String prefix, ObjectError error) {
        if ("AssertTrue".equals(error.getCode())) {
            if (error instanceof FieldError field && field.getField().contains(".")) {
                // a rule across fields of a nested record: name the record
                String owner = field.getField().substring(0, field.getField().lastIndexOf('.'));
                return "    Property: " + prefix + "." + kebab(owner) + "\n    Reason: " + error.getDefaultMessage() + "\n";
            }
            return "    " + error.getDefaultMessage() + "\n";
        }
        if (error instanceof FieldError field) {
            return "    Property: " + prefix + "." + kebab(field.getField()) + "\n"
                    + "    Value: \"" + field.getRejectedValue() + "\"\n"
                    + "    Reason: " + field.getDefaultMessage() + "\n";
        }
        return "    " + prefix + ": " + error.getDefaultMessage() + "\n";
    }

    /** {@code paths[0].hangThreshold} → {@code paths[0].hang-threshold}. */
    static String kebab(String path) {
        return Arrays.stream(path.split("\\."))
                .map(part -> part.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("."));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
