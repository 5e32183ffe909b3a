package io.pathwatch.health;

import java.time.Instant;
import java.util.List;

/**
 * A path's state, since when, and why.
 *
 * @param rules      the rules in effect, each with its latest verdict (empty when OK)
 * @param overloaded why the last window was not judged, when the prober itself lagged; null otherwise
 */
public record PathHealth(PathState state, Instant since, List<RuleFiring> rules, String overloaded) {

    public PathHealth {
        rules = List.copyOf(rules);
    }

    public PathHealth(PathState state, Instant since, List<RuleFiring> rules) {
        this(state, since, rules, null);
    }

    /** The rules in effect, in words; first, if the prober was overloaded, that the last window was not judged. */
    public List<String> reasons() {
        List<String> texts = rules.stream().map(RuleFiring::text).toList();
        if (overloaded == null) {
            return texts;
        }
        List<String> all = new java.util.ArrayList<>();
        all.add(overloaded);
        all.addAll(texts);
        return all;
    }

    /** Each rule in effect as a sentence for people (see {@link RuleFiring#sentence()}), overload first as in {@link #reasons()}. */
    public List<String> sentences() {
        List<String> all = new java.util.ArrayList<>();
        if (overloaded != null) {
            all.add(overloaded);
        }
        rules.stream().map(r -> r.sentence() == null ? r.text() : r.sentence()).forEach(all::add);
        return all;
    }

    /**
     * The state, since when (UTC) and why, in one paragraph: "DEGRADED since 09:57 UTC: 2 hangs
     * (4.0 s, 4.0 s) in the last 2 min; clears after 12 windows without a hang (3 so far)".
     */
    public String sentence() {
        String head = state + (since == null ? "" : " since " + SINCE.format(since));
        List<String> why = sentences();
        if (why.isEmpty()) {
            return head;
        }
        StringBuilder out = new StringBuilder(head).append(": ");
        for (int i = 0; i < why.size(); i++) {
            String s = why.get(i);
            out.append(i == 0 ? s : ". " + Character.toUpperCase(s.charAt(0)) + s.substring(1));
        }
        return out.toString();
    }

    private static final java.time.format.DateTimeFormatter SINCE = java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);
}
