package io.pathwatch;

import io.pathwatch.config.BaselineProperties;
import io.pathwatch.config.HealthProperties;
import io.pathwatch.config.PathProperties;
import io.pathwatch.config.RuleProperties;
import io.pathwatch.health.BaselineSettings;
import io.pathwatch.health.Comparison;
import io.pathwatch.health.HealthRules;
import io.pathwatch.health.PathState;
import io.pathwatch.health.Rule;
import io.pathwatch.health.RuleFigure;
import io.pathwatch.health.Threshold;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/** Turns the validated rule configuration into the health package's rules (public for the rule tests). */
public final class RuleMapping {

    private RuleMapping() {
    }

    public static HealthRules rules(HealthProperties health, List<PathProperties> paths, Path baselineStore) {
        Map<String, List<Rule>> byPath = new LinkedHashMap<>();
        for (PathProperties p : paths) {
            byPath.put(p.name(), health.effectiveRules(p.rules(), p.mode()).stream().map(RuleMapping::rule).toList());
        }
        BaselineProperties b = health.baseline();
        return new HealthRules(new BaselineSettings(b.horizon(), b.minWindows(), b.adoptAfter(), baselineStore), byPath);
    }

    public static Rule rule(RuleProperties r) {
        RuleFigure figure = RuleFigure.byKey(r.figure());
        Matcher m = RuleProperties.WHEN.matcher(r.when());
        if (!m.matches()) {
            throw new IllegalArgumentException("rule " + r.name() + ": cannot read when '" + r.when() + "'");
        }
        Comparison comparison = Comparison.of(m.group(1));
        Threshold threshold;
        if (m.group("abs") != null) {
            threshold = Threshold.absolute(amount(m.group("abs"), m.group("absUnit")));
        } else {
            RuleFigure of = m.group("of") == null ? figure : RuleFigure.byKey(m.group("of"));
            double factor = m.group("factor") == null ? 1 : Double.parseDouble(m.group("factor"));
            double offset = m.group("offset") == null ? 0 : amount(m.group("offset"), m.group("offsetUnit"));
            threshold = new Threshold(of, factor, "-".equals(m.group("sign")) ? -offset : offset);
        }
        return new Rule(r.name(), figure, comparison, threshold, PathState.valueOf(r.state()), r.forWindows(), r.effectiveWithin(), r.clearFor(),
                r.when());
    }

    /** In the figure's own unit: milliseconds for times, 0..1 for ratios. */
    private static double amount(String number, String unit) {
        double v = Double.parseDouble(number);
        if (unit == null) {
            return v;
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "s" -> v * 1000;
            case "us" -> v / 1000;
            case "%" -> v / 100;
            default -> v;
        };
    }
}
