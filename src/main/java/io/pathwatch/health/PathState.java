package io.pathwatch.health;

/** A path's health; the number is what the {@code pathwatch.health.state} metric publishes. */
public enum PathState {
    UNKNOWN(-1), OK(0), DEGRADED(1), DOWN(2);

    private final int level;

    PathState(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }
}
