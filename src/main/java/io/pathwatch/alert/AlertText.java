package io.pathwatch.alert;

import io.pathwatch.health.RuleFiring;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The one line people read: in the log, in Slack, as the SNS subject. */
final class AlertText {

    private AlertText() {
    }

    static String state(AlertAction action, String path, String agent, Object from, Object to, List<RuleFiring> rules,
            List<RuleFiring> cleared, Double durationMs) {
        String head = switch (action) {
            case RAISED, CHANGED -> "[" + to + "] " + where(path, agent) + ": " + from + " → " + to;
            case REPEATED -> "[STILL " + to + "] " + where(path, agent) + ": " + to + " for " + human(durationMs);
            case RESOLVED -> "[RESOLVED] " + where(path, agent) + ": " + from + " → " + to + " after " + human(durationMs);
        };
        List<RuleFiring> why = action == AlertAction.RESOLVED ? cleared : rules;
        return why.isEmpty() ? head : head + " — " + why.stream().map(RuleFiring::text).collect(Collectors.joining("; "));
    }

    static String hang(AlertAction action, String path, String agent, Double durationMs, boolean unseenEnd) {
        return switch (action) {
            case RAISED -> "[HANG] " + where(path, agent) + ": the stream has had no echo for longer than the hang threshold";
            case REPEATED -> "[STILL HANGING] " + where(path, agent) + ": no echo for " + human(durationMs);
            default -> unseenEnd
                    ? "[HANG RESOLVED] " + where(path, agent) + ": pathwatch restarted during the hang; its end was not seen"
                    : "[HANG RESOLVED] " + where(path, agent) + ": the stream hung for " + String.format(Locale.ROOT, "%.1f ms", durationMs);
        };
    }

    private static String where(String path, String agent) {
        return "path " + path + " (agent " + agent + ")";
    }

    static String human(Double ms) {
        if (ms == null) {
            return "an unknown time";
        }
        Duration d = Duration.ofMillis(Math.round(ms));
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
