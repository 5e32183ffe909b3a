package io.pathwatch.health;

import java.util.Locale;

/**
 * A rule's threshold: {@code offset} alone, or {@code baseline(of) × factor + offset}.
 *
 * @param of     the figure whose learned baseline the threshold follows; null for an absolute one
 * @param factor multiplies the baseline
 * @param offset added (ms for time figures, 0..1 for ratios)
 */
public record Threshold(RuleFigure of, double factor, double offset) {

    public static Threshold absolute(double value) {
        return new Threshold(null, 0, value);
    }

    boolean relative() {
        return of != null;
    }

    /** The threshold's value given the baseline (ignored when absolute). */
    double value(Double baseline) {
        return relative() ? baseline * factor + offset : offset;
    }

    /** "baseline 20.1 ms × 1.3 + 2 ms" or "250 ms". */
    String describe(RuleFigure figure, Double baseline) {
        if (!relative()) {
            return figure.unit().format(offset);
        }
        StringBuilder s = new StringBuilder("baseline ");
        if (of != figure) {
            s.append(of.key()).append(' ');
        }
        s.append(baseline == null ? "(learning)" : of.unit().format(baseline));
        if (factor != 1) {
            s.append(String.format(Locale.ROOT, " × %s", RuleFigure.Unit.COUNT.format(factor)));
        }
        if (offset > 0) {
            s.append(" + ").append(figure.unit().format(offset));
        } else if (offset < 0) {
            s.append(" − ").append(figure.unit().format(-offset));
        }
        return s.toString();
    }
}
