package io.pathwatch.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import org.springframework.boot.context.properties.bind.Name;

/**
 * One health rule ({@code pathwatch.health.rules[i]}, {@code pathwatch.paths[i].rules[j]}). Rules
 * merge by name: shipped defaults, then {@code pathwatch.health.rules}, then the path's own; a
 * field left empty keeps the value of the rule it overrides.
 *
 * @param name      the rule's name, shown in reasons and alerts; a known name overrides that rule
 * @param figure    what the rule watches: one of {@link #FIGURES}' keys (e.g. {@code rtt.p50})
 * @param when      comparison and threshold: {@code > 250ms}, {@code >= 5%}, {@code > baseline * 1.3 + 2ms},
 *                  {@code > baseline.rtt.p50 * 3}; {@code baseline} alone is the figure's own baseline
 * @param state     the state the rule leads to: {@code DEGRADED} or {@code DOWN}
 * @param forWindows windows the rule must hold to take effect ({@code for}); 1..1000
 * @param within    ... of the last this many windows judged (default: {@code for}, i.e. in a row); for..1000
 * @param clearFor  consecutive clear windows before it stops holding; 1..1000
 * @param enabled   false switches an inherited rule off; default true
 */
public record RuleProperties(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1..64 letters, digits, '.', '_' or '-'") String name,
        String figure,
        String when,
        @Pattern(regexp = "DEGRADED|DOWN", message = "must be DEGRADED or DOWN") String state,
        @Name("for") @Min(1) @Max(1000) Integer forWindows,
        @Min(1) @Max(1000) Integer within,
        @Min(1) @Max(1000) Integer clearFor,
        Boolean enabled) {

    /** The unit a figure is measured in; a threshold may only use units of its kind. */
    public enum Unit { MILLIS, RATIO, COUNT }

    /** Every figure a rule may watch, with its unit. */
    public static final Map<String, Unit> FIGURES = Map.ofEntries(
            Map.entry("rtt.p50", Unit.MILLIS), Map.entry("rtt.p90", Unit.MILLIS), Map.entry("rtt.p99", Unit.MILLIS),
            Map.entry("rtt.max", Unit.MILLIS), Map.entry("connect.p50", Unit.MILLIS), Map.entry("connect.p99", Unit.MILLIS),
            Map.entry("tls.p99", Unit.MILLIS), Map.entry("dns.p99", Unit.MILLIS),
            Map.entry("stream.rtt.p50", Unit.MILLIS), Map.entry("stream.rtt.p99", Unit.MILLIS),
            Map.entry("jitter", Unit.MILLIS), Map.entry("spread", Unit.MILLIS), Map.entry("hangs.longest", Unit.MILLIS),
            Map.entry("clock.error", Unit.MILLIS),
            Map.entry("loss", Unit.RATIO), Map.entry("connect.failure_ratio", Unit.RATIO),
            Map.entry("hangs", Unit.COUNT), Map.entry("errors", Unit.COUNT), Map.entry("stream.disconnects", Unit.COUNT));

    /**
     * Figures only a pathwatch responder can give: echo RTTs (and their spread and one-way
     * clock), the stream's RTT, jitter, hangs and disconnects. A connect-mode path has none.
     */
    public static final java.util.Set<String> STREAM_FIGURES = java.util.Set.of("rtt.p50", "rtt.p90", "rtt.p99", "rtt.max",
            "stream.rtt.p50", "stream.rtt.p99", "jitter", "spread", "hangs", "hangs.longest", "clock.error", "stream.disconnects");

    /**
     * The grammar of {@code when}: a comparison, then either a number with an optional unit or
     * {@code baseline[.figure]} with an optional {@code * factor} and an optional {@code + / - offset}.
     */
    public static final java.util.regex.Pattern WHEN = java.util.regex.Pattern.compile(
            "\\s*(>=|<=|>|<)\\s*(?:"
                    + "(?<abs>\\d+(?:\\.\\d+)?)\\s*(?<absUnit>ms|s|us|%)?"
                    + "|baseline(?:\\.(?<of>[a-z0-9_.]+?))?"
                    + "(?:\\s*\\*\\s*(?<factor>\\d+(?:\\.\\d+)?))?"
                    + "(?:\\s*(?<sign>[+-])\\s*(?<offset>\\d+(?:\\.\\d+)?)\\s*(?<offsetUnit>ms|s|us|%)?)?"
                    + ")\\s*");

    /** A rule with every field set. */
    public static RuleProperties of(String name, String figure, String when, String state, int forWindows, int clearFor) {
        return new RuleProperties(name, figure, when, state, forWindows, null, clearFor, true);
    }

    /** A rule that holds when it fired in {@code forWindows} of the last {@code within} windows. */
    public static RuleProperties of(String name, String figure, String when, String state, int forWindows, int within, int clearFor) {
        return new RuleProperties(name, figure, when, state, forWindows, within, clearFor, true);
    }

    /** {@code within}, defaulting to {@code for} (consecutive windows). */
    public int effectiveWithin() {
        return within != null ? within : forWindows;
    }

    /** This rule's fields over {@code base}'s (same name). */
    public RuleProperties over(RuleProperties base) {
        return new RuleProperties(name, figure != null ? figure : base.figure, when != null ? when : base.when,
                state != null ? state : base.state, forWindows != null ? forWindows : base.forWindows,
                within != null ? within : (forWindows != null ? null : base.within),
                clearFor != null ? clearFor : base.clearFor, enabled != null ? enabled : base.enabled);
    }

    /** The rule watches, or is measured against the baseline of, a figure only a responder gives ({@link #STREAM_FIGURES}). */
    public boolean needsStream() {
        if (figure != null && STREAM_FIGURES.contains(figure)) {
            return true;
        }
        Matcher m = when == null ? null : WHEN.matcher(when);
        String of = m != null && m.matches() ? m.group("of") : null;
        return of != null && (STREAM_FIGURES.contains(of) || STREAM_FIGURES.contains("rtt." + of));
    }

    public boolean isOn() {
        return enabled == null || enabled;
    }

    @AssertTrue(message = "figure must be one of rtt.p50, rtt.p90, rtt.p99, rtt.max, connect.p50, connect.p99, tls.p99, dns.p99, "
            + "stream.rtt.p50, stream.rtt.p99, jitter, spread, hangs.longest, clock.error, loss, connect.failure_ratio, hangs, errors, "
            + "stream.disconnects")
    public boolean isFigureKnown() {
        return figure == null || FIGURES.containsKey(figure);
    }

    @AssertTrue(message = "when must read like '> 250ms', '>= 5%', '> baseline * 1.3 + 2ms' or '> baseline.rtt.p50 * 3', "
            + "with a baseline of a known figure and units that suit the figure (ms|s|us for times, % for ratios, none for counts)")
    public boolean isWhenValid() {
        if (when == null) {
            return true;
        }
        Matcher m = WHEN.matcher(when);
        if (!m.matches()) {
            return false;
        }
        String of = m.group("of");
        if (of != null && !FIGURES.containsKey(of) && !FIGURES.containsKey("rtt." + of)) {
            return false;
        }
        Unit unit = figure == null ? null : FIGURES.get(figure);
        return unitFits(unit, m.group("absUnit")) && unitFits(unit, m.group("offsetUnit"));
    }

    /** A complete rule (after merging) names its figure, its condition and its state. */
    boolean complete() {
        return !isOn() || (figure != null && when != null && state != null && forWindows != null && clearFor != null
                && effectiveWithin() >= forWindows && isFigureKnown() && isWhenValid());
    }

    private static boolean unitFits(Unit unit, String suffix) {
        if (suffix == null || unit == null) {
            return true;
        }
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "%" -> unit == Unit.RATIO;
            default -> unit == Unit.MILLIS;
        };
    }
}
