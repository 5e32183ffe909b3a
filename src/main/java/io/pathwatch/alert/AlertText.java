package io.pathwatch.alert;

import io.pathwatch.health.RuleFiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * A hang incident: raised at the first hang, repeated, resolved after a quiet time; with the
     * latest hang's cause once known ("provisional" while that hang is still open).
     */
    static String hang(AlertAction action, Incident inc, Instant now) {
        String where = where(inc.path(), inc.agent());
        String counts = inc.hangs() + (inc.hangs() == 1 ? " hang" : " hangs") + mix(inc)
                + (inc.longestHangMs() != null ? ", longest " + human(inc.longestHangMs()) + ", total " + human(inc.totalHangMs()) : "");
        String head = switch (action) {
            case RAISED -> "[HANG] " + where + ": the stream has had no echo for longer than the hang threshold";
            case REPEATED -> "[STILL HANGING] " + where + ": " + counts + " since " + human((double) Duration.between(inc.since(), now).toMillis())
                    + " ago" + (inc.hanging() ? "; hanging now" : "");
            default -> "[HANG RESOLVED] " + where + ": " + counts + ", none for " + human((double) Duration.between(inc.lastHangAt(), now).toMillis());
        };
        return head + cause(inc);
    }

    /** The causes of its hangs when they were not all the same: " (reverse_loss 3, far_end_stall 1)". */
    private static String mix(Incident inc) {
        if (inc.causes().size() < 2) {
            return ""; // one cause throughout is said once, with the latest hang's sentence
        }
        return inc.causes().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
    }

    private static String cause(Incident inc) {
        if (inc.causeSentence() == null || inc.causeSentence().isBlank()) {
            return "";
        }
        return (inc.causeProvisional() ? "; provisional: " : "; last: ") + inc.causeSentence();
    }

    /** A condition of the agent itself. */
    static String agent(AlertAction action, String condition, String agent, String detail, Double durationMs) {
        return switch (action) {
            case RAISED -> "[AGENT] agent " + agent + ": " + condition + " — " + detail;
            case REPEATED -> "[STILL AGENT] agent " + agent + ": " + condition + " for " + human(durationMs) + " — " + detail;
            default -> "[AGENT RESOLVED] agent " + agent + ": " + condition + " cleared after " + human(durationMs);
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
