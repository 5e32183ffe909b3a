package io.pathwatch.stats;

import io.pathwatch.path.LocalCause;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The agent's own local errors ({@code local_error} cycles of every path): counts per errno over
 * the last minute, in one-second slots so its cost does not grow with the error rate, the total,
 * and the last one's path and detail. Written by every probe event loop, so it takes a lock;
 * local errors are rare, and a cycle that hits one has failed anyway.
 */
public final class LocalErrors {

    /** Seconds the recent count covers. */
    public static final int SECONDS = 60;
    private static final LocalCause[] CAUSES = LocalCause.values();
    /** Slot for a detail that names no known errno (kept, not dropped). */
    private static final int OTHER = CAUSES.length;

    /**
     * What the agent's local errors look like now.
     *
     * @param lastMinute        local errors in the last {@link #SECONDS} seconds
     * @param lastMinuteByCause the same by errno ({@code EADDRNOTAVAIL}…, {@code other}), only those that happened
     * @param total             since the agent started
     * @param lastPath          the path whose cycle hit the last one; null before the first
     * @param lastDetail        its error text; null before the first
     * @param lastAt            when; null before the first
     */
    public record Status(long lastMinute, Map<String, Long> lastMinuteByCause, long total, String lastPath, String lastDetail,
            Instant lastAt) {
    }

    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private final long[][] slots = new long[SECONDS][OTHER + 1];
    private final long[] slotSecond = new long[SECONDS];
    private long total;
    private String lastPath;
    private String lastDetail;
    private Instant lastAt;

    LocalErrors(LongSupplier nanoClock, Clock wallClock) {
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        Arrays.fill(slotSecond, Long.MIN_VALUE);
    }

    /** A cycle of {@code path} failed with a local error; any thread. */
    synchronized void record(String path, String detail) {
        long second = second();
        int i = (int) Math.floorMod(second, SECONDS);
        if (slotSecond[i] != second) {
            Arrays.fill(slots[i], 0);
            slotSecond[i] = second;
        }
        LocalCause cause = LocalCause.in(detail);
        slots[i][cause == null ? OTHER : cause.ordinal()]++;
        total++;
        lastPath = path;
        lastDetail = detail;
        lastAt = wallClock.instant();
    }

    public synchronized Status status() {
        long now = second();
        long[] byCause = new long[OTHER + 1];
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (slotSecond[i] > now - SECONDS && slotSecond[i] <= now) {
                for (int c = 0; c <= OTHER; c++) {
                    byCause[c] += slots[i][c];
                    sum += slots[i][c];
                }
            }
        }
        Map<String, Long> named = new LinkedHashMap<>();
        for (int c = 0; c <= OTHER; c++) {
            if (byCause[c] > 0) {
                named.put(c == OTHER ? "other" : CAUSES[c].name(), byCause[c]);
            }
        }
        return new Status(sum, Collections.unmodifiableMap(named), total, lastPath, lastDetail, lastAt);
    }

    private long second() {
        return TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong());
    }
}
