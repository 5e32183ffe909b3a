package io.pathwatch.config;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an invalid {@code pathwatch.*} value with the key spelled as users write it
 * ({@code pathwatch.probe.echo-count}, not {@code echoCount}), its value and the rule it broke.
 */
class PropertyKeyFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
        return new FailureAnalysis("Invalid configuration:\n\n" + ConfigErrors.describe(cause),
                "Correct the key(s) above in your configuration (README.md lists every pathwatch key).", cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
