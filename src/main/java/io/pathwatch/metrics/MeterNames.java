package io.pathwatch.metrics;

/**
 * Every meter name and tag pathwatch publishes. Tags come only from configuration ({@code path},
 * and {@code agent} added to every meter), never from addresses, so their number stays bounded.
 */
public final class MeterNames {

    /** A path's health: 0 OK, 1 DEGRADED, 2 DOWN; no value (NaN) while UNKNOWN. */
    public static final String HEALTH_STATE = "pathwatch.health.state";

    public static final String TAG_PATH = "path";
    public static final String TAG_AGENT = "agent";

    private MeterNames() {
    }
}
