package io.pathwatch.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * A time during which a path's alerts do not page: a maintenance window from the configuration
 * ({@code pathwatch.paths[i].silence}), or one set through {@code POST /api/silences}. The path is
 * still judged and its incidents still open and resolve; only the sinks are spared.
 *
 * @param id     names it for {@code DELETE /api/silences/{id}}
 * @param path   the path, or {@code *} for every path
 * @param start  when it begins
 * @param end    when it ends (the first occurrence's end when it repeats)
 * @param repeat when set, it recurs this long after each start (a weekly window: 7d); null: once
 * @param reason why, for people
 * @param source {@code config} or {@code api}
 */
public record Silence(String id, String path, Instant start, Instant end, Duration repeat, String reason, String source) {

    public static final String ALL_PATHS = "*";

    boolean covers(String p) {
        return path.equals(ALL_PATHS) || path.equals(p);
    }

    /** Whether it holds at {@code t}. */
    public boolean activeAt(Instant t) {
        if (t.isBefore(start)) {
            return false;
        }
        if (repeat == null || repeat.isZero()) {
            return t.isBefore(end);
        }
        long cycles = Duration.between(start, t).toMillis() / repeat.toMillis();
        Duration shift = repeat.multipliedBy(cycles);
        return !t.isBefore(start.plus(shift)) && t.isBefore(end.plus(shift));
    }

    /** Whether it can never hold again after {@code t}. */
    boolean over(Instant t) {
        return (repeat == null || repeat.isZero()) && !t.isBefore(end);
    }
}
