package io.pathwatch.lab;

/** The two directions of a simulated path, seen from the prober. */
public enum Direction {
    /** prober → responder */
    UPSTREAM,
    /** responder → prober */
    DOWNSTREAM
}
