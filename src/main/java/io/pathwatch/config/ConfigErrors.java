package io.pathwatch.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * An invalid {@code pathwatch.*} value in words, with the key spelled as users write it
 * ({@code pathwatch.probe.echo-count}, not {@code echoCount}), its value and the rule it broke:
 * the same at start-up and at a reload.
 */
public final class ConfigErrors {

    private ConfigErrors() {
    }

    /** Every broken rule, one block each. */
    public static String describe(BindValidationException e) {
        String prefix = e.getValidationErrors().getName().toString();
        return e.getValidationErrors().getAllErrors().stream().map(err -> describe(prefix, err)).collect(Collectors.joining("\n"));
    }

    /** A failed bind: the rules it broke, or the key whose value could not be read and why. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindValidationException v) {
                return describe(v);
            }
        }
        if (failure instanceof BindException b) {
            Throwable root = b;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String origin = b.getProperty() != null && b.getProperty().getOrigin() != null ? " (" + b.getProperty().getOrigin() + ")" : "";
            String value = b.getProperty() != null ? "    Value: \"" + Masking.masked(b.getName().toString(), b.getProperty().getValue()) + "\""
                    + origin + "\n" : "";
            return "    Property: " + b.getName() + "\n" + value + "    Reason: " + Masking.redactUrls(hideValue(root.getMessage(), b)) + "\n";
        }
        // a file that cannot be read (bad YAML, a missing file): every message of the chain, since the file is named in one and the line in another
        StringBuilder out = new StringBuilder();
        java.util.Set<String> said = new java.util.LinkedHashSet<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && said.add(t.getMessage())) {
                out.append(out.length() == 0 ? "    " : "    caused by: ").append(Masking.redactQuoted(t.getMessage().strip())).append('\n');
            }
        }
        return out.toString();
    }

    /** A conversion failure quotes the value it could not read: not when the value is a secret. */
    private static String hideValue(String message, BindException b) {
        if (message == null || b.getProperty() == null || b.getProperty().getValue() == null) {
            return message;
        }
        String value = String.valueOf(b.getProperty().getValue());
        String shown = Masking.masked(b.getName().toString(), value);
        return value.isEmpty() || value.equals(shown) ? message : message.replace(value, shown);
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
            String key = prefix + "." + kebab(field.getField());
            return "    Property: " + key + "\n"
                    + "    Value: \"" + Masking.masked(key, field.getRejectedValue()) + "\"\n"
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
}
