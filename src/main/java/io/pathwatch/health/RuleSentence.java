package io.pathwatch.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule in effect as a sentence a person on call reads at a glance: what happened in the
 * rule's recent windows (in the rule's own terms: hangs with their durations, a figure against
 * its limit and baseline) and what it takes to clear. The terse {@link RuleFiring#text()} keeps
 * the figure keys for those who grep logs; this is for the page and the API's {@code sentence}.
 */
final class RuleSentence {

    private static final int MAX_LISTED_HANGS = 5;

    private RuleSentence() {
    }

    /**
     * One window as a rule saw it.
     *
     * @param fired          the rule fired on it
     * @param observed       the figure's value
     * @param hangs          hangs open at some time in the window
     * @param hangsStarted   hangs detected in it
     * @param hangLongestMs  its longest hang (an open one so far)
     * @param hangOpen       a hang was still open when it was sealed
     * @param detail         what lies behind a failure figure ("5 of 5 cycles failed: refused 5"), or ""
     */
    record Seen(boolean fired, double observed, long hangs, long hangsStarted, double hangLongestMs, boolean hangOpen, String detail) {

        static Seen of(boolean fired, double observed) {
            return new Seen(fired, observed, 0, 0, 0, false, "");
        }
    }

    /**
     * A rule's memory at one moment.
     *
     * @param recent        the windows it judged lately, oldest first, at most {@code within}
     * @param clear         clear windows in a row so far
     * @param threshold     its limit in the latest window (baseline applied)
     * @param baseline      the baseline the limit followed; null for an absolute limit
     * @param windowSeconds how long a window is
     */
    record State(Rule rule, List<Seen> recent, int clear, double threshold, Double baseline, long windowSeconds) {

        State {
            recent = List.copyOf(recent);
        }
    }

    static String of(State s) {
        Rule rule = s.rule();
        String happened = switch (rule.figure()) {
            case HANGS -> hangs(s);
            case STREAM_DISCONNECTS, ERRORS -> counted(s);
            default -> compared(s);
        };
        return happened + "; " + clears(s);
    }

    /** "2 hangs (4.0 s, 4.0 s) in the last 2 min". */
    private static String hangs(State s) {
        List<Double> durations = new ArrayList<>();
        boolean listable = true;
        boolean openAtEnd = false;
        double longest = 0;
        for (Seen w : s.recent()) {
            if (w.hangs() == 0) {
                continue;
            }
            longest = Math.max(longest, w.hangLongestMs());
            long carried = w.hangs() - w.hangsStarted();
            if (carried > 0 && !durations.isEmpty() && openAtEnd) {
                // the hang open at the last seal went on into this window: its longest so far is at least the whole hang
                durations.set(durations.size() - 1, Math.max(durations.get(durations.size() - 1), w.hangLongestMs()));
            } else if (carried > 0) {
                durations.add(w.hangLongestMs());
            }
            if (w.hangsStarted() == 1) {
                durations.add(w.hangLongestMs());
            } else if (w.hangsStarted() > 1) {
                listable = false;
                for (long i = 0; i < w.hangsStarted(); i++) {
                    durations.add(0.0);
                }
            }
            openAtEnd = w.hangOpen();
        }
        int n = durations.size();
        String lasted;
        if (n == 0) {
            return "no hang in the last " + span(s);
        } else if (listable && n <= MAX_LISTED_HANGS) {
            List<String> each = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                each.add(seconds(durations.get(i)) + (i == n - 1 && openAtEnd ? " so far" : ""));
            }
            lasted = " (" + String.join(", ", each) + ")";
        } else {
            lasted = " (longest " + seconds(longest) + (openAtEnd ? ", one still open" : "") + ")";
        }
        return plural(n, "hang") + lasted + " in the last " + span(s);
    }

    /** "2 stream disconnects in the last 1 min", "3 errors in the last 30 s (3 of 10 cycles failed: refused 3)". */
    private static String counted(State s) {
        long total = 0;
        String detail = "";
        for (Seen w : s.recent()) {
            if (w.fired()) {
                total += Math.round(w.observed());
                detail = w.detail().isEmpty() ? detail : w.detail();
            }
        }
        String noun = s.rule().figure() == RuleFigure.ERRORS ? "error" : "stream disconnect";
        return (total == 0 ? "no " + noun : plural(total, noun)) + " in the last " + span(s) + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /**
     * "median RTT up to 121 ms, above 28 ms (baseline 20 ms × 1.3 + 2 ms), in 2 of the last 3 windows
     * (30 s)", and "; now 20 ms" once the latest window is within bounds again.
     */
    private static String compared(State s) {
        Rule rule = s.rule();
        RuleFigure f = rule.figure();
        boolean upward = rule.comparison() == Comparison.GT || rule.comparison() == Comparison.GE;
        int fired = 0;
        Double worst = null;
        boolean varied = false;
        String detail = "";
        for (Seen w : s.recent()) {
            if (w.fired()) {
                fired++;
                varied |= worst != null && worst != w.observed();
                worst = worst == null ? w.observed() : upward ? Math.max(worst, w.observed()) : Math.min(worst, w.observed());
                detail = w.detail().isEmpty() ? detail : w.detail();
            }
        }
        String limit = f.unit().format(s.threshold()) + (s.baseline() == null ? "" : " (" + rule.threshold().describe(f, s.baseline()) + ")");
        int m = s.recent().size();
        String where = fired == m ? (m == 1 ? "in the last window" : "in each of the last " + m + " windows")
                : "in " + fired + " of the last " + m + " windows";
        if (worst == null) {
            return "no window " + word(rule.comparison()) + " " + limit + " in the last " + span(s);
        }
        String value = varied ? (upward ? "up to " : "down to ") + f.unit().format(worst) : f.unit().format(worst);
        StringBuilder out = new StringBuilder(noun(f)).append(' ').append(value).append(", ").append(word(rule.comparison())).append(' ')
                .append(limit).append(", ").append(where).append(" (").append(duration(m * s.windowSeconds())).append(')');
        if (!detail.isEmpty()) {
            out.append(": ").append(detail);
        }
        Seen latest = s.recent().get(m - 1);
        if (!latest.fired()) {
            out.append("; now ").append(f.unit().format(latest.observed()));
        }
        return out.toString();
    }

    /** "clears after 12 windows without a hang (3 so far)". */
    private static String clears(State s) {
        Rule rule = s.rule();
        String condition = switch (rule.figure()) {
            case HANGS -> "without a hang";
            case STREAM_DISCONNECTS -> "without a disconnect";
            case ERRORS -> "without an error";
            default -> word(negate(rule.comparison())) + " " + rule.figure().unit().format(s.threshold());
        };
        return "clears after " + plural(rule.clearFor(), "window") + " " + condition + (s.clear() > 0 ? " (" + s.clear() + " so far)" : "");
    }

    private static String span(State s) {
        return duration(Math.max(1, s.recent().size()) * s.windowSeconds());
    }

    /** "30 s", "2 min", "2 min 30 s", "1 h 30 min": never more than the windows covered. */
    static String duration(long seconds) {
        if (seconds < 120 && seconds % 60 != 0) {
            return seconds + " s";
        }
        if (seconds < 3600 && seconds % 60 != 0) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    private static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String word(Comparison c) {
        return switch (c) {
            case GT -> "above";
            case GE -> "at or above";
            case LT -> "below";
            case LE -> "at or below";
        };
    }

    private static Comparison negate(Comparison c) {
        return switch (c) {
            case GT -> Comparison.LE;
            case GE -> Comparison.LT;
            case LT -> Comparison.GE;
            case LE -> Comparison.GT;
        };
    }

    /** What a figure is called in a sentence. */
    static String noun(RuleFigure f) {
        return switch (f) {
            case RTT_P50 -> "median RTT";
            case RTT_P90 -> "RTT p90";
            case RTT_P99 -> "RTT p99";
            case RTT_MAX -> "RTT max";
            case CONNECT_P50 -> "median connect time";
            case CONNECT_P99 -> "connect time p99";
            case TLS_P99 -> "TLS handshake p99";
            case DNS_P99 -> "DNS lookup p99";
            case STREAM_RTT_P50 -> "median stream RTT";
            case STREAM_RTT_P99 -> "stream RTT p99";
            case JITTER -> "jitter";
            case SPREAD -> "spread (p99 − p50)";
            case HANGS_LONGEST -> "longest hang";
            case CLOCK_ERROR -> "clock error";
            case LOSS -> "loss";
            case CONNECT_FAILURE_RATIO -> "failed cycles";
            case HANGS -> "hangs";
            case ERRORS -> "errors";
            case STREAM_DISCONNECTS -> "stream disconnects";
        };
    }
}
