package io.pathwatch.stats;

import java.time.Instant;

/** One sealed window placed in time (wall clock), with its figures. */
public record WindowPoint(Instant start, Instant end, WindowSnapshot window) {
}
