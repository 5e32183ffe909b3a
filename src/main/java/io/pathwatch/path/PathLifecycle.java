package io.pathwatch.path;

/**
 * Paths come and go while the agent runs (a configuration reload, a discovery refresh). The
 * statistics registry decides the set and announces each change; whatever keeps something per
 * path (the probes, health, meters, alerts) follows it here. Calls arrive on the thread that
 * applied the change, one at a time, never while a window is being sealed.
 */
public interface PathLifecycle {

    /** A path joined: its statistics exist already, so it can be looked up by name. */
    void pathAdded(PathSpec path);

    /** A path left the configuration; {@code reason} says so in words. */
    void pathRemoved(PathSpec path, String reason);

    /**
     * A path's target, TLS or probe settings changed: it is measured anew under the same name.
     * By default that is leaving and joining again; a follower whose state belongs to the name
     * rather than the measurement (an open incident, a CloudWatch step) keeps it.
     */
    default void pathRestarted(PathSpec was, PathSpec now, String reason) {
        pathRemoved(was, reason);
        pathAdded(now);
    }

    /** Only the path's tags changed: everything it has learned stays. */
    default void pathRetagged(PathSpec path) {
    }
}
